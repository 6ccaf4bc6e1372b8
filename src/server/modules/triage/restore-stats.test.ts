import { describe, expect, it } from 'vitest';
import { hours, median, p90 } from './restore-stats';

describe('time-to-restore figures', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('takes the 90th percentile by nearest rank', () => {
    expect(p90([])).toBeNull();
    expect(p90([7])).toBe(7);
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(p90([10, 1, 2])).toBe(10);
  });

  it('turns minutes into hours with two decimals', () => {
    expect(hours(90)).toBe(1.5);
    expect(hours(100)).toBe(1.67);
    expect(hours(null)).toBeNull();
  });
});
