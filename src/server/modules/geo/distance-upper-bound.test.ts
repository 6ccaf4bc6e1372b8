import { describe, expect, it } from 'vitest';
import {
  distanceKm,
  distanceUpperBoundKm,
  type GeoPoint,
  loadPostalCodes,
  preparePoint,
} from './postal-codes';

const postalCodes = loadPostalCodes();

// A fixed linear congruential sequence, so the sample is the same on every run.
const sequence = (seed: number) => {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
};

describe('distanceUpperBoundKm', () => {
  it('never falls below the great-circle distance, anywhere on earth', () => {
    const next = sequence(5);
    for (let i = 0; i < 20_000; i += 1) {
      const a: GeoPoint = { latitude: next() * 180 - 90, longitude: next() * 360 - 180 };
      const b: GeoPoint = { latitude: next() * 180 - 90, longitude: next() * 360 - 180 };
      expect(distanceUpperBoundKm(preparePoint(a), b)).toBeGreaterThanOrEqual(distanceKm(a, b));
    }
  });

  it('never falls below it for points close together, and is 0 at exactly the same point', () => {
    const next = sequence(13);
    for (let i = 0; i < 20_000; i += 1) {
      const a: GeoPoint = { latitude: 47 + next() * 8, longitude: 6 + next() * 9 };
      const b: GeoPoint = {
        latitude: a.latitude + (next() - 0.5) * 1e-3,
        longitude: a.longitude + (next() - 0.5) * 1e-3,
      };
      expect(distanceUpperBoundKm(preparePoint(a), b)).toBeGreaterThanOrEqual(distanceKm(a, b));
    }
    const oldenburg = postalCodes.lookup('26121')!;
    expect(distanceUpperBoundKm(preparePoint(oldenburg), oldenburg)).toBe(0);
  });

  it('stays within 0.1 % of the distance between German postal codes up to 300 km apart', () => {
    const entries = postalCodes.all();
    const next = sequence(17);
    let checked = 0;
    while (checked < 5_000) {
      const a = entries[Math.floor(next() * entries.length)]!;
      const b = entries[Math.floor(next() * entries.length)]!;
      const exact = distanceKm(a, b);
      if (exact === 0 || exact > 300) continue;
      const bound = distanceUpperBoundKm(preparePoint(a), b);
      expect(bound).toBeGreaterThanOrEqual(exact);
      expect(bound).toBeLessThan(exact * 1.001);
      checked += 1;
    }
  });

  it('takes the short way across the date line', () => {
    const west: GeoPoint = { latitude: 0, longitude: 179.9 };
    const east: GeoPoint = { latitude: 0, longitude: -179.9 };
    expect(distanceUpperBoundKm(preparePoint(west), east)).toBeLessThan(23);
  });
});
