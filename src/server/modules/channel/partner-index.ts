// A spatial index of partners for routing many leads over the same partners (the renewal job, the
// bench): a grid of latitude/longitude cells, each listing the partners whose service area may reach
// into it. Routing a lead then measures the few hundred partners listed in the customer's cell instead
// of all of them. Pure; built once per batch.
//
// What the index fixes at build time: each partner's location and service radius (the cells it is
// listed in). Everything else (status, capacity, open leads, product lines) is read from the partner
// objects when a lead is routed, so loads may change during a batch. Rebuild after moving a partner
// or changing its radius.

import {
  distanceKm,
  distanceLowerBoundKm,
  distanceUpperBoundKm,
  type GeoPoint,
  type PreparedPoint,
} from '../geo/postal-codes';
import type { RoutingPartner } from './lead-routing';
import {
  CANDIDATE_LIMIT,
  compareEligible,
  isOverCapacity,
  type Measured,
  offerTopK,
  roundKm,
  servesLine,
} from './routing-order';

export type PartnerIndex = {
  /** The array the index was built from; routing with the index needs exactly this array. */
  readonly partners: readonly RoutingPartner[];
  readonly grid: Grid;
  /** Positions in `partners` of located partners whose area cannot be boxed (near a pole or ±180°). */
  readonly everywhere: Int32Array;
};

type Grid = {
  minLatitude: number;
  minLongitude: number;
  cellLatitude: number;
  cellLongitude: number;
  rows: number;
  columns: number;
  /** Cell c lists entries[cellStart[c]] … entries[cellStart[c + 1] - 1]: positions in `partners`. */
  cellStart: Int32Array;
  entries: Int32Array;
};

/** About 11 × 10 km in Germany: few partners listed for nothing, a few hundred cells per partner. */
const CELL_LATITUDE = 0.1;
const CELL_LONGITUDE = 0.15;
/** Caps the grid for partners spread over the world (tests, foreign data): at most 512 × 512 cells. */
const MAX_CELLS_PER_SIDE = 512;
/** Smaller than the geo module's 6371.0088 km, and padded: a box is never smaller than the area. */
const BOX_EARTH_RADIUS_KM = 6371;
const BOX_PADDING = 1.01;
const MAX_BOX_LATITUDE = 89;

type Box = { minLatitude: number; maxLatitude: number; minLongitude: number; maxLongitude: number };

const toDegrees = (radians: number): number => (radians * 180) / Math.PI;

/**
 * The latitude/longitude box holding every point within the partner's service radius, or null when
 * the area reaches a pole or crosses ±180° (such a partner is measured for every lead).
 * On a sphere, points within angle δ of latitude φ lie within ±δ of latitude and within
 * ±asin(sin δ / cos φ) of longitude.
 */
function serviceBox(location: GeoPoint, radiusKm: number): Box | null {
  const angle = (Math.max(0, radiusKm) / BOX_EARTH_RADIUS_KM) * BOX_PADDING + 1e-9;
  const latitudeSpan = toDegrees(angle) * BOX_PADDING;
  const minLatitude = location.latitude - latitudeSpan;
  const maxLatitude = location.latitude + latitudeSpan;
  if (minLatitude <= -MAX_BOX_LATITUDE || maxLatitude >= MAX_BOX_LATITUDE) return null;
  const ratio = Math.sin(Math.min(angle, Math.PI / 2)) / Math.cos((location.latitude * Math.PI) / 180);
  if (!(ratio < 1)) return null;
  const longitudeSpan = toDegrees(Math.asin(ratio)) * BOX_PADDING;
  const minLongitude = location.longitude - longitudeSpan;
  const maxLongitude = location.longitude + longitudeSpan;
  if (minLongitude < -180 || maxLongitude > 180) return null;
  return { minLatitude, maxLatitude, minLongitude, maxLongitude };
}

export function buildPartnerIndex(partners: readonly RoutingPartner[]): PartnerIndex {
  const boxes: (Box | null)[] = [];
  const everywhere: number[] = [];
  let minLatitude = Number.POSITIVE_INFINITY;
  let maxLatitude = Number.NEGATIVE_INFINITY;
  let minLongitude = Number.POSITIVE_INFINITY;
  let maxLongitude = Number.NEGATIVE_INFINITY;
  partners.forEach((partner, position) => {
    // Without coordinates a partner is never routed to by distance: no cell lists it.
    const box = partner.location === null ? null : serviceBox(partner.location, partner.serviceRadiusKm);
    boxes.push(box);
    if (partner.location !== null && box === null) everywhere.push(position);
    if (box === null) return;
    minLatitude = Math.min(minLatitude, box.minLatitude);
    maxLatitude = Math.max(maxLatitude, box.maxLatitude);
    minLongitude = Math.min(minLongitude, box.minLongitude);
    maxLongitude = Math.max(maxLongitude, box.maxLongitude);
  });

  const empty = minLatitude > maxLatitude;
  const cellLatitude = empty
    ? CELL_LATITUDE
    : Math.max(CELL_LATITUDE, (maxLatitude - minLatitude) / (MAX_CELLS_PER_SIDE - 1));
  const cellLongitude = empty
    ? CELL_LONGITUDE
    : Math.max(CELL_LONGITUDE, (maxLongitude - minLongitude) / (MAX_CELLS_PER_SIDE - 1));
  const grid: Grid = {
    minLatitude: empty ? 0 : minLatitude,
    minLongitude: empty ? 0 : minLongitude,
    cellLatitude,
    cellLongitude,
    // A point on the upper edge falls into the last row, never past it.
    rows: empty ? 0 : Math.floor((maxLatitude - minLatitude) / cellLatitude) + 1,
    columns: empty ? 0 : Math.floor((maxLongitude - minLongitude) / cellLongitude) + 1,
    cellStart: new Int32Array(0),
    entries: new Int32Array(0),
  };

  // Two passes (count, then fill) into flat arrays: no array per cell.
  const cellStart = new Int32Array(grid.rows * grid.columns + 1);
  const eachCell = (box: Box, visit: (cell: number) => void) => {
    const [rowFrom, columnFrom] = cellOf(grid, box.minLatitude, box.minLongitude);
    const [rowTo, columnTo] = cellOf(grid, box.maxLatitude, box.maxLongitude);
    for (let row = rowFrom; row <= rowTo; row += 1) {
      for (let column = columnFrom; column <= columnTo; column += 1) visit(row * grid.columns + column);
    }
  };
  for (const box of boxes) {
    if (box !== null)
      eachCell(box, (cell) => {
        cellStart[cell + 1]! += 1;
      });
  }
  for (let cell = 0; cell < grid.rows * grid.columns; cell += 1) cellStart[cell + 1]! += cellStart[cell]!;
  const entries = new Int32Array(cellStart[grid.rows * grid.columns] ?? 0);
  const filled = cellStart.slice(0, -1);
  boxes.forEach((box, position) => {
    if (box !== null)
      eachCell(box, (cell) => {
        entries[filled[cell]!] = position;
        filled[cell]! += 1;
      });
  });
  grid.cellStart = cellStart;
  grid.entries = entries;
  return { partners, grid, everywhere: Int32Array.from(everywhere) };
}

/** Row and column of a point; both monotone in the point, so a point inside a box lands in its cells. */
function cellOf(grid: Grid, latitude: number, longitude: number): [number, number] {
  return [
    Math.floor((latitude - grid.minLatitude) / grid.cellLatitude),
    Math.floor((longitude - grid.minLongitude) / grid.cellLongitude),
  ];
}

export type IndexQuery = {
  from: PreparedPoint;
  customer: GeoPoint;
  tried: ReadonlySet<string>;
  productLine: string | null;
};

/** The eligible partners' best CANDIDATE_LIMIT in routing order, and how many are eligible at all. */
export type NearResult = { eligible: Measured[]; eligibleCount: number };

/**
 * The eligible partners for a customer, from the partners listed in its cell: the same eligibility
 * and order as routeLead's linear pass. Returns null when fewer than CANDIDATE_LIMIT are eligible:
 * then the decision also shows excluded partners and counts every exclusion, which needs all
 * partners, and the caller runs the linear pass.
 */
export function nearestByIndex(
  index: PartnerIndex,
  partners: readonly RoutingPartner[],
  query: IndexQuery,
): NearResult | null {
  if (index.partners !== partners) {
    throw new Error('partnerIndex was built from another partners array; build it from input.partners');
  }
  const result: NearResult = { eligible: [], eligibleCount: 0 };
  const { grid } = index;
  const [row, column] = cellOf(grid, query.customer.latitude, query.customer.longitude);
  if (row >= 0 && row < grid.rows && column >= 0 && column < grid.columns) {
    const cell = row * grid.columns + column;
    measure(grid.entries, grid.cellStart[cell]!, grid.cellStart[cell + 1]!, partners, query, result);
  }
  measure(index.everywhere, 0, index.everywhere.length, partners, query, result);
  return result.eligibleCount < CANDIDATE_LIMIT ? null : result;
}

function measure(
  positions: Int32Array,
  start: number,
  end: number,
  partners: readonly RoutingPartner[],
  query: IndexQuery,
  result: NearResult,
): void {
  const { from, customer, tried, productLine } = query;
  const top = result.eligible;
  for (let at = start; at < end; at += 1) {
    const partner = partners[positions[at]!]!;
    // The cheap checks first: an ineligible partner needs no distance at all here.
    if (
      partner.status !== 'active' ||
      tried.has(partner.id) ||
      !servesLine(partner, productLine) ||
      isOverCapacity(partner)
    )
      continue;
    const location = partner.location!;
    const radius = partner.serviceRadiusKm;
    const lowerBound = distanceLowerBoundKm(from, location);
    if (lowerBound > radius) continue;
    // Within radius is decided exactly (distanceKm ≤ radius, as the linear pass does); the upper
    // bound spares the haversine for all but the partners within 0.1 % of their radius.
    let km: number | null = null;
    if (distanceUpperBoundKm(from, location) > radius) {
      km = distanceKm(customer, location);
      if (km > radius) continue;
    }
    result.eligibleCount += 1;
    // Shown distance ≥ the rounded lower bound: beyond the list's last, it cannot make the list.
    const last = top[CANDIDATE_LIMIT - 1];
    if (last !== undefined && roundKm(lowerBound) > last.rank) continue;
    km ??= distanceKm(customer, location);
    offerTopK(top, { partner, km, rank: roundKm(km), excluded: null, bound: false }, compareEligible);
  }
}
