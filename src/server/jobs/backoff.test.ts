import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, retryDelaySeconds, shouldGiveUp } from './backoff';

describe('outbox retry schedule', () => {
  it('waits longer after each failure', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([30, 60, 120, 240]);
  });

  it('never waits more than an hour', () => {
    expect(retryDelaySeconds(20)).toBe(3600);
  });

  it('gives up after the last attempt only', () => {
    expect(shouldGiveUp(MAX_ATTEMPTS - 1)).toBe(false);
    expect(shouldGiveUp(MAX_ATTEMPTS)).toBe(true);
  });
});
