import { describe, expect, it } from 'vitest';
import { requestIdFor } from './request-id';

const generated = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the request id', () => {
  it('is generated when no proxy is trusted, whatever the client sends', () => {
    expect(requestIdFor('from-the-client', false)).toMatch(generated);
    expect(requestIdFor(undefined, false)).toMatch(generated);
  });

  it('comes from a trusted proxy when it is well-formed', () => {
    expect(requestIdFor('edge-01:4711.abc_DEF', true)).toBe('edge-01:4711.abc_DEF');
  });

  it('is generated for a malformed or repeated header, even behind a trusted proxy', () => {
    for (const bad of ['', 'x'.repeat(65), 'two words', 'line\nbreak', '<script>', 'ümlaut']) {
      expect(requestIdFor(bad, true)).toMatch(generated);
    }
    expect(requestIdFor(['a', 'b'], true)).toMatch(generated);
  });
});
