import { describe, expect, it } from 'vitest';
import { classifyAddress } from './address-guard';

describe('address guard', () => {
  it('lets public addresses through', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2a00:1450:4001:82a::200e', '2606:4700::6810:85e5'])
      expect(classifyAddress(address), address).toBeNull();
  });

  it('refuses IPv4 loopback, private, link-local and reserved ranges', () => {
    expect(classifyAddress('127.0.0.1')).toBe('loopback');
    expect(classifyAddress('127.255.1.2')).toBe('loopback');
    expect(classifyAddress('10.1.2.3')).toBe('private');
    expect(classifyAddress('172.16.0.1')).toBe('private');
    expect(classifyAddress('172.31.255.255')).toBe('private');
    expect(classifyAddress('172.32.0.1')).toBeNull();
    expect(classifyAddress('192.168.178.1')).toBe('private');
    expect(classifyAddress('100.64.0.1')).toBe('private');
    expect(classifyAddress('169.254.169.254')).toBe('link_local');
    expect(classifyAddress('0.0.0.0')).toBe('unspecified');
    expect(classifyAddress('224.0.0.1')).toBe('multicast');
    expect(classifyAddress('255.255.255.255')).toBe('reserved');
  });

  it('refuses IPv6 loopback, unspecified, link-local, unique-local and multicast', () => {
    expect(classifyAddress('::1')).toBe('loopback');
    expect(classifyAddress('0:0:0:0:0:0:0:1')).toBe('loopback');
    expect(classifyAddress('::')).toBe('unspecified');
    expect(classifyAddress('fe80::1')).toBe('link_local');
    expect(classifyAddress('fe80::1%eth0')).toBe('link_local');
    expect(classifyAddress('fd12:3456::1')).toBe('unique_local');
    expect(classifyAddress('fc00::1')).toBe('unique_local');
    expect(classifyAddress('ff02::1')).toBe('multicast');
    expect(classifyAddress('2001:db8::1')).toBe('reserved');
  });

  it('judges IPv6 forms that carry an IPv4 address by that address', () => {
    expect(classifyAddress('::ffff:127.0.0.1')).toBe('loopback');
    expect(classifyAddress('::ffff:7f00:1')).toBe('loopback');
    expect(classifyAddress('::FFFF:192.168.0.1')).toBe('private');
    expect(classifyAddress('::ffff:a9fe:a9fe')).toBe('link_local');
    expect(classifyAddress('::ffff:8.8.8.8')).toBeNull();
    expect(classifyAddress('::127.0.0.1')).toBe('loopback');
    expect(classifyAddress('64:ff9b::10.0.0.1')).toBe('private');
    expect(classifyAddress('64:ff9b::8.8.8.8')).toBeNull();
    expect(classifyAddress('2002:7f00:1::1')).toBe('loopback');
    expect(classifyAddress('2002:0808:0808::1')).toBeNull();
  });

  it('refuses what is not an address', () => {
    expect(classifyAddress('localhost')).toBe('reserved');
    expect(classifyAddress('')).toBe('reserved');
  });
});
