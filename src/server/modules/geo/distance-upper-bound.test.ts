import { describe, expect, it } from 'vitest';
import { ACROSS_DATE_LINE, germanPairsWithin, pairsAnywhere, pairsClose } from './distance-samples';
import { distanceKm, distanceUpperBoundKm, loadPostalCodes, preparePoint } from './postal-codes';

const postalCodes = loadPostalCodes();

describe('distanceUpperBoundKm', () => {
  it('never falls below the great-circle distance, anywhere on earth', () => {
    for (const [a, b] of pairsAnywhere(5)) {
      expect(distanceUpperBoundKm(preparePoint(a), b)).toBeGreaterThanOrEqual(distanceKm(a, b));
    }
  });

  it('never falls below it for points close together, and is 0 at exactly the same point', () => {
    for (const [a, b] of pairsClose(13)) {
      expect(distanceUpperBoundKm(preparePoint(a), b)).toBeGreaterThanOrEqual(distanceKm(a, b));
    }
    const oldenburg = postalCodes.lookup('26121')!;
    expect(distanceUpperBoundKm(preparePoint(oldenburg), oldenburg)).toBe(0);
  });

  it('stays within 0.1 % of the distance between German postal codes up to 300 km apart', () => {
    for (const [a, b, exact] of germanPairsWithin(postalCodes.all(), 17)) {
      const bound = distanceUpperBoundKm(preparePoint(a), b);
      expect(bound).toBeGreaterThanOrEqual(exact);
      expect(bound).toBeLessThan(exact * 1.001);
    }
  });

  it('takes the short way across the date line', () => {
    const [west, east] = ACROSS_DATE_LINE;
    expect(distanceUpperBoundKm(preparePoint(west), east)).toBeLessThan(23);
  });
});
