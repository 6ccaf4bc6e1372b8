// German postal codes (PLZ) → one point each, for lead routing by distance and for demo data.
// The table is built by scripts/build-postal-codes.ts from GeoNames data (CC BY 4.0, attribution
// in assets/geo/README.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { GERMAN_STATE_CODES, type GermanStateCode } from '../../shared/german-states';

export { GERMAN_STATE_CODES as STATE_CODES };
export type StateCode = GermanStateCode;

export type GeoPoint = { latitude: number; longitude: number };

export type PostalCodeEntry = {
  postalCode: string;
  place: string;
  /** null for the one PLZ outside Germany proper (87491 Jungholz, Austria). */
  stateCode: StateCode | null;
  latitude: number;
  longitude: number;
};

/**
 * A looked-up point. `approximate` is true when the PLZ itself is unknown and the point is the mean of
 * its 3- or 2-digit neighbours, so a routing decision can say it rests on an estimate.
 */
export type PostalCodeLocation = GeoPoint & { approximate: boolean };

export type PostalCodeIndex = {
  /** Point for a five-digit PLZ; falls back to the PLZ area (3, then 2 digits); undefined if invalid. */
  lookup(postalCode: string): PostalCodeLocation | undefined;
  /** The exact entry (place, state), without fallback. */
  get(postalCode: string): PostalCodeEntry | undefined;
  /** All entries, sorted by postal code. */
  all(): PostalCodeEntry[];
};

type CsvRow = { postal_code: string; place: string; state_code: string; latitude: string; longitude: string };

const DEFAULT_FILE = fileURLToPath(new URL('../../../../assets/geo/plz-de.csv', import.meta.url));
const POSTAL_CODE = /^\d{5}$/;
const EARTH_RADIUS_KM = 6371.0088; // IUGG mean radius

const isStateCode = (value: string): value is StateCode =>
  (GERMAN_STATE_CODES as readonly string[]).includes(value);

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

const meanPoint = (entries: readonly PostalCodeEntry[]): GeoPoint => ({
  latitude: round4(entries.reduce((sum, entry) => sum + entry.latitude, 0) / entries.length),
  longitude: round4(entries.reduce((sum, entry) => sum + entry.longitude, 0) / entries.length),
});

const groupByPrefix = (entries: readonly PostalCodeEntry[], length: number): Map<string, GeoPoint> => {
  const groups = new Map<string, PostalCodeEntry[]>();
  for (const entry of entries) {
    const prefix = entry.postalCode.slice(0, length);
    const group = groups.get(prefix);
    if (group) group.push(entry);
    else groups.set(prefix, [entry]);
  }
  return new Map([...groups].map(([prefix, group]) => [prefix, meanPoint(group)]));
};

export function loadPostalCodes(file: string = DEFAULT_FILE): PostalCodeIndex {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as CsvRow[];
  const entries: PostalCodeEntry[] = rows.map((row, index) => {
    const latitude = Number(row.latitude);
    const longitude = Number(row.longitude);
    // A broken shipped table must stop the start, not route leads to NaN kilometres.
    if (
      !POSTAL_CODE.test(row.postal_code ?? '') ||
      !Number.isFinite(latitude) ||
      !Number.isFinite(longitude)
    ) {
      throw new Error(`${file}: data row ${index + 1} is malformed`);
    }
    return {
      postalCode: row.postal_code,
      place: row.place,
      stateCode: isStateCode(row.state_code) ? row.state_code : null,
      latitude,
      longitude,
    };
  });
  entries.sort((a, b) => (a.postalCode < b.postalCode ? -1 : a.postalCode > b.postalCode ? 1 : 0));

  const byPostalCode = new Map(entries.map((entry) => [entry.postalCode, entry]));
  const byPrefix3 = groupByPrefix(entries, 3);
  const byPrefix2 = groupByPrefix(entries, 2);

  return {
    lookup(postalCode) {
      const code = postalCode.trim();
      if (!POSTAL_CODE.test(code)) return undefined;
      const exact = byPostalCode.get(code);
      if (exact) return { latitude: exact.latitude, longitude: exact.longitude, approximate: false };
      // New or company PLZ are missing from the table; their area is a far better guess than nothing.
      const area = byPrefix3.get(code.slice(0, 3)) ?? byPrefix2.get(code.slice(0, 2));
      return area ? { ...area, approximate: true } : undefined;
    },
    get(postalCode) {
      return byPostalCode.get(postalCode.trim());
    },
    all() {
      // A copy, so a caller sorting or filtering in place cannot corrupt the shared index.
      return [...entries];
    },
  };
}

// Module level, not inside distanceKm: the TypeScript loader names every function it creates, which
// for a closure made on each call costs more than the haversine itself.
function toRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

/** Great-circle distance (haversine); good to well under 0.5 % at German distances. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLatitude = toRadians(b.latitude - a.latitude);
  const dLongitude = toRadians(b.longitude - a.longitude);
  const h =
    Math.sin(dLatitude / 2) ** 2 +
    Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLongitude / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A point with the trigonometry that every distance from it needs, computed once. */
export type PreparedPoint = GeoPoint & { cosLatitude: number; sinLatitude: number };

export function preparePoint(point: GeoPoint): PreparedPoint {
  const latitude = (point.latitude * Math.PI) / 180;
  return { ...point, cosLatitude: Math.cos(latitude), sinLatitude: Math.sin(latitude) };
}

/**
 * A cheap lower bound of distanceKm(from, to), for skipping the haversine when a point is certainly
 * beyond a radius (a bounding-box prefilter, but exact about the curvature): no trigonometry per call.
 * It never exceeds the true distance, and below 300 km it stays within 0.1 % of it.
 *
 * Why it is below: the haversine's h = sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2), with
 * sin x ≥ x − x³/6 on [0, π/2], cos φ2 ≥ cos φ1 − Δφ·sin φ1 − Δφ²/2 (Taylor, |cos| ≤ 1) and
 * asin y ≥ y. A relative 1e-12 is shaved off so float rounding cannot lift it above distanceKm.
 */
export function distanceLowerBoundKm(from: PreparedPoint, to: GeoPoint): number {
  const signedDLatitude = ((to.latitude - from.latitude) * Math.PI) / 180;
  const dLatitude = Math.abs(signedDLatitude);
  let dLongitude = (Math.abs(to.longitude - from.longitude) * Math.PI) / 180;
  if (dLongitude > Math.PI) dLongitude = 2 * Math.PI - dLongitude;
  const x = dLatitude / 2;
  const y = dLongitude / 2;
  const sinLatitudeLow = x - (x * x * x) / 6;
  const sinLongitudeLow = y - (y * y * y) / 6;
  const cosToLow = from.cosLatitude - signedDLatitude * from.sinLatitude - (dLatitude * dLatitude) / 2;
  const cosProductLow = from.cosLatitude * Math.max(0, cosToLow);
  const h = sinLatitudeLow * sinLatitudeLow + cosProductLow * sinLongitudeLow * sinLongitudeLow;
  return 2 * EARTH_RADIUS_KM * Math.sqrt(h) * (1 - 1e-12);
}

/**
 * A cheap upper bound of distanceKm(from, to), for knowing a point is certainly within a radius without
 * the haversine. It never falls below the true distance, and below 300 km it stays within 0.1 % of it.
 *
 * Why it is above: sin x ≤ x, cos φ2 ≤ cos φ1 − Δφ·sin φ1 + Δφ²/2 (Taylor, |cos| ≤ 1) and cos φ2 ≤ 1,
 * and asin s ≤ s / √(1 − s²). A relative 1e-9 is added so float rounding cannot drop it below distanceKm.
 */
export function distanceUpperBoundKm(from: PreparedPoint, to: GeoPoint): number {
  const signedDLatitude = ((to.latitude - from.latitude) * Math.PI) / 180;
  let dLongitude = (Math.abs(to.longitude - from.longitude) * Math.PI) / 180;
  if (dLongitude > Math.PI) dLongitude = 2 * Math.PI - dLongitude;
  const x = signedDLatitude / 2;
  const y = dLongitude / 2;
  const cosToHigh = Math.min(
    1,
    from.cosLatitude - signedDLatitude * from.sinLatitude + (signedDLatitude * signedDLatitude) / 2,
  );
  const h = x * x + from.cosLatitude * Math.max(0, cosToHigh) * y * y;
  if (h >= 1) return Number.POSITIVE_INFINITY;
  return 2 * EARTH_RADIUS_KM * Math.sqrt(h / (1 - h)) * (1 + 1e-9);
}
