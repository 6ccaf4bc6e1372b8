import { distanceKm, type GeoPoint, type PostalCodeEntry } from './postal-codes';

// Samples the distance bounds' tests share (distanceLowerBoundKm in postal-codes.test.ts,
// distanceUpperBoundKm in distance-upper-bound.test.ts): both bounds must hold for the same kinds
// of pairs, so both are checked on pairs drawn the same way. Only tests import this file.

/** A fixed linear congruential sequence in [0, 1), so a sample is the same on every run. */
export function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Pairs of points anywhere on earth. */
export function* pairsAnywhere(seed: number, count = 20_000): Generator<[GeoPoint, GeoPoint]> {
  const next = sequence(seed);
  for (let i = 0; i < count; i += 1) {
    const a: GeoPoint = { latitude: next() * 180 - 90, longitude: next() * 360 - 180 };
    const b: GeoPoint = { latitude: next() * 180 - 90, longitude: next() * 360 - 180 };
    yield [a, b];
  }
}

/** Pairs of points in Germany at most about 100 m apart, where rounding bites. */
export function* pairsClose(seed: number, count = 20_000): Generator<[GeoPoint, GeoPoint]> {
  const next = sequence(seed);
  for (let i = 0; i < count; i += 1) {
    const a: GeoPoint = { latitude: 47 + next() * 8, longitude: 6 + next() * 9 };
    const b: GeoPoint = {
      latitude: a.latitude + (next() - 0.5) * 1e-3,
      longitude: a.longitude + (next() - 0.5) * 1e-3,
    };
    yield [a, b];
  }
}

/** Pairs of distinct German postal codes up to `maxKm` apart, with their exact distance. */
export function* germanPairsWithin(
  entries: readonly PostalCodeEntry[],
  seed: number,
  maxKm = 300,
  count = 5_000,
): Generator<[PostalCodeEntry, PostalCodeEntry, number]> {
  const next = sequence(seed);
  let found = 0;
  while (found < count) {
    const a = entries[Math.floor(next() * entries.length)]!;
    const b = entries[Math.floor(next() * entries.length)]!;
    const exact = distanceKm(a, b);
    if (exact === 0 || exact > maxKm) continue;
    found += 1;
    yield [a, b, exact];
  }
}

/** Two points 0.2° apart across the date line: about 22 km, not 40,000. */
export const ACROSS_DATE_LINE: [GeoPoint, GeoPoint] = [
  { latitude: 0, longitude: 179.9 },
  { latitude: 0, longitude: -179.9 },
];
