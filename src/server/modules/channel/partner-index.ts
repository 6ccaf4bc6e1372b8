// A spatial index of partners for routing many leads over the same partners (the renewal job, the
// bench): a grid of latitude/longitude cells (about 11 × 10 km in Germany), each listing the partners
// whose service area reaches into it, in two parts: those covering the whole cell, nearest to its
// centre first, and those whose radius ends inside the cell. Routing a lead looks only at its cell:
// a covering partner is within radius without any distance, and is measured only while it could still
// make the candidate list; an edge partner is measured as in the linear pass. Pure; built once per batch.
//
// What the index fixes at build time: each partner's location, service radius (the cells it is listed
// in) and product lines. Status, capacity and open leads are read from the partner objects when a lead
// is routed, so loads may change during a batch. Rebuild after moving a partner or changing its
// radius or product lines.

import {
  distanceKm,
  distanceLowerBoundKm,
  distanceUpperBoundKm,
  type GeoPoint,
  type PreparedPoint,
  preparePoint,
} from '../geo/postal-codes';
import type { RoutingPartner } from './lead-routing';
import {
  CANDIDATE_LIMIT,
  compareEligible,
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
  readonly lines: LineMasks;
};

/**
 * Product lines as bits, so the commonest exclusion costs no look into the partner's list: bit i per
 * known line, ALL_LINES for a partner serving every line (empty list). With more lines than bits,
 * `bits` is null, every mask is ALL_LINES and the lists are checked as in the linear pass.
 */
type LineMasks = { bits: Map<string, number> | null; masks: Int32Array };

const ALL_LINES = -1;
/** A lead's line that no partner lists: only partners serving every line have this bit. */
const UNLISTED_LINE = 1 << 30;
const MAX_LINE_BITS = 30;

function lineMasks(partners: readonly RoutingPartner[]): LineMasks {
  const bits = new Map<string, number>();
  const masks = new Int32Array(partners.length);
  for (const [position, partner] of partners.entries()) {
    if (partner.productLines.length === 0) masks[position] = ALL_LINES;
    for (const line of partner.productLines) {
      if (!bits.has(line)) {
        if (bits.size === MAX_LINE_BITS) return { bits: null, masks: masks.fill(ALL_LINES) };
        bits.set(line, 1 << bits.size);
      }
      masks[position]! |= bits.get(line)!;
    }
  }
  return { bits, masks };
}

type Grid = {
  minLatitude: number;
  minLongitude: number;
  cellLatitude: number;
  cellLongitude: number;
  rows: number;
  columns: number;
  /**
   * Cell c lists entries[cellStart[c]] … entries[cellStart[c + 1] - 1] (positions in `partners`): first
   * innerCount[c] partners covering the whole cell, by centreKm (a lower bound of their distance to
   * the cell's centre),
   * then the partners whose radius ends in the cell.
   */
  cellStart: Int32Array;
  innerCount: Int32Array;
  entries: Int32Array;
  centreKm: Float64Array;
  /** Per row: no point of a cell in that row is farther than this from the cell's centre. */
  reachKm: Float64Array;
};

const CELL_LATITUDE = 0.1;
const CELL_LONGITUDE = 0.15;
/** Caps the grid for partners spread over the world (tests, foreign data): at most 512 × 512 cells. */
const MAX_CELLS_PER_SIDE = 512;
/** Smaller than the geo module's 6371.0088 km, and padded: a box is never smaller than the area. */
const BOX_EARTH_RADIUS_KM = 6371;
const PADDING = 1.01;
const MAX_BOX_LATITUDE = 89;
/** Slack for float rounding when a cell is judged wholly inside or outside a radius (1 mm). */
const SLACK_KM = 1e-6;

type Box = { minLatitude: number; maxLatitude: number; minLongitude: number; maxLongitude: number };

const toDegrees = (radians: number): number => (radians * 180) / Math.PI;

/**
 * The latitude/longitude box holding every point within the partner's service radius, or null when
 * the area reaches a pole or crosses ±180° (such a partner is measured for every lead).
 * On a sphere, points within angle δ of latitude φ lie within ±δ of latitude and within
 * ±asin(sin δ / cos φ) of longitude.
 */
function serviceBox(location: GeoPoint, radiusKm: number): Box | null {
  const angle = (Math.max(0, radiusKm) / BOX_EARTH_RADIUS_KM) * PADDING + 1e-9;
  const latitudeSpan = toDegrees(angle) * PADDING;
  const minLatitude = location.latitude - latitudeSpan;
  const maxLatitude = location.latitude + latitudeSpan;
  if (minLatitude <= -MAX_BOX_LATITUDE || maxLatitude >= MAX_BOX_LATITUDE) return null;
  const ratio = Math.sin(Math.min(angle, Math.PI / 2)) / Math.cos((location.latitude * Math.PI) / 180);
  if (!(ratio < 1)) return null;
  const longitudeSpan = toDegrees(Math.asin(ratio)) * PADDING;
  const minLongitude = location.longitude - longitudeSpan;
  const maxLongitude = location.longitude + longitudeSpan;
  if (minLongitude < -180 || maxLongitude > 180) return null;
  return { minLatitude, maxLatitude, minLongitude, maxLongitude };
}

/** Row and column of a point; both monotone in the point, so a point inside a box lands in its cells. */
function cellOf(grid: Grid, latitude: number, longitude: number): [number, number] {
  return [
    Math.floor((latitude - grid.minLatitude) / grid.cellLatitude),
    Math.floor((longitude - grid.minLongitude) / grid.cellLongitude),
  ];
}

const centreOf = (grid: Grid, row: number, column: number): GeoPoint => ({
  latitude: grid.minLatitude + (row + 0.5) * grid.cellLatitude,
  longitude: grid.minLongitude + (column + 0.5) * grid.cellLongitude,
});

/**
 * The farthest a point of a cell in this row lies from the cell's centre: the largest distance to
 * points along the cell's border (the corners, for cells this small), padded.
 */
function reachOfRow(grid: Grid, row: number): number {
  const centre = centreOf(grid, row, 0);
  let reach = 0;
  for (let step = 0; step <= 8; step += 1) {
    const along = step / 8 - 0.5;
    for (const [dLatitude, dLongitude] of [
      [along, -0.5],
      [along, 0.5],
      [-0.5, along],
      [0.5, along],
    ] as const) {
      const border = {
        latitude: centre.latitude + dLatitude * grid.cellLatitude,
        longitude: centre.longitude + dLongitude * grid.cellLongitude,
      };
      reach = Math.max(reach, distanceKm(centre, border));
    }
  }
  return reach * PADDING + SLACK_KM;
}

function emptyGrid(): Grid {
  return {
    minLatitude: 0,
    minLongitude: 0,
    cellLatitude: CELL_LATITUDE,
    cellLongitude: CELL_LONGITUDE,
    rows: 0,
    columns: 0,
    cellStart: new Int32Array(1),
    innerCount: new Int32Array(0),
    entries: new Int32Array(0),
    centreKm: new Float64Array(0),
    reachKm: new Float64Array(0),
  };
}

/** Positions fit below this in a sort key (metres × POSITION_RANGE + position, exact in a double). */
const POSITION_RANGE = 2 ** 21;

/** (cell, partner position, centre km) triples in growing typed arrays: a million of them, no boxing. */
class Pairs {
  length = 0;
  cell = new Int32Array(1 << 16);
  position = new Int32Array(1 << 16);
  km = new Float64Array(1 << 16);

  add(cell: number, position: number, km: number): void {
    if (this.length === this.cell.length) {
      const grow = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
        to.set(from);
        return to;
      };
      this.cell = grow(this.cell, new Int32Array(this.length * 2));
      this.position = grow(this.position, new Int32Array(this.length * 2));
      this.km = grow(this.km, new Float64Array(this.length * 2));
    }
    this.cell[this.length] = cell;
    this.position[this.length] = position;
    this.km[this.length] = km;
    this.length += 1;
  }
}

export function buildPartnerIndex(partners: readonly RoutingPartner[]): PartnerIndex {
  if (partners.length >= POSITION_RANGE)
    throw new RangeError('a partner index holds fewer than 2,097,152 partners');
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
  if (minLatitude > maxLatitude)
    return {
      partners,
      grid: emptyGrid(),
      everywhere: Int32Array.from(everywhere),
      lines: lineMasks(partners),
    };

  const cellLatitude = Math.max(CELL_LATITUDE, (maxLatitude - minLatitude) / (MAX_CELLS_PER_SIDE - 1));
  const cellLongitude = Math.max(CELL_LONGITUDE, (maxLongitude - minLongitude) / (MAX_CELLS_PER_SIDE - 1));
  const grid = emptyGrid();
  Object.assign(grid, {
    minLatitude,
    minLongitude,
    cellLatitude,
    cellLongitude,
    // A point on the upper edge falls into the last row, never past it.
    rows: Math.floor((maxLatitude - minLatitude) / cellLatitude) + 1,
    columns: Math.floor((maxLongitude - minLongitude) / cellLongitude) + 1,
  });
  const cellCount = grid.rows * grid.columns;
  grid.reachKm = Float64Array.from({ length: grid.rows }, (_, row) => reachOfRow(grid, row));

  // Every (partner, cell) pair of the partner's box, judged by the triangle inequality: wholly outside
  // the radius (dropped), wholly inside (inner), or the radius ends in the cell (edge).
  const pairs = new Pairs();
  const inner = new Int32Array(cellCount);
  const listed = new Int32Array(cellCount);
  // Locals, not the grid's fields, in the loop that runs a million times.
  const centre = { latitude: 0.5, longitude: 0.5 };
  const { minLatitude: gridLatitude, minLongitude: gridLongitude, columns, reachKm } = grid;
  for (let position = 0; position < boxes.length; position += 1) {
    const box = boxes[position];
    if (box === null || box === undefined) continue;
    const location = preparePoint(partners[position]!.location!);
    const radius = partners[position]!.serviceRadiusKm;
    const slack = SLACK_KM + radius * 1e-9;
    const [rowFrom, columnFrom] = cellOf(grid, box.minLatitude, box.minLongitude);
    const [rowTo, columnTo] = cellOf(grid, box.maxLatitude, box.maxLongitude);
    for (let row = rowFrom; row <= rowTo; row += 1) {
      const reach = reachKm[row]!;
      centre.latitude = gridLatitude + (row + 0.5) * cellLatitude;
      for (let column = columnFrom; column <= columnTo; column += 1) {
        centre.longitude = gridLongitude + (column + 0.5) * cellLongitude;
        // The bounds, not the haversine: a million pairs for 5,000 partners. The lower bound is what
        // is kept: a lead's pruning needs a distance never above the true one.
        const centreKm = distanceLowerBoundKm(location, centre);
        if (centreKm - reach > radius + slack) continue;
        const cell = row * columns + column;
        const covers = distanceUpperBoundKm(location, centre) + reach <= radius - slack;
        // Edge partners keep -1: they are never ordered by it.
        pairs.add(cell, position, covers ? centreKm : -1);
        listed[cell]! += 1;
        if (covers) inner[cell]! += 1;
      }
    }
  }

  const cellStart = new Int32Array(cellCount + 1);
  for (let cell = 0; cell < cellCount; cell += 1) cellStart[cell + 1] = cellStart[cell]! + listed[cell]!;
  const entries = new Int32Array(pairs.length);
  const centreKm = new Float64Array(pairs.length);
  const nextInner = cellStart.slice(0, -1);
  const nextEdge = Int32Array.from({ length: cellCount }, (_, cell) => cellStart[cell]! + inner[cell]!);
  for (let pair = 0; pair < pairs.length; pair += 1) {
    const cell = pairs.cell[pair]!;
    const km = pairs.km[pair]!;
    const at = km >= 0 ? nextInner[cell]!++ : nextEdge[cell]!++;
    entries[at] = pairs.position[pair]!;
    centreKm[at] = km;
  }
  // Inner partners nearest the centre first, so a lead stops measuring them early. Sorted as one
  // number per partner (metres rounded down, then position) with the typed array's numeric sort;
  // the rounded-down distance is kept, still a lower bound.
  const keys = new Float64Array(inner.reduce((most, count) => Math.max(most, count), 0));
  for (let cell = 0; cell < cellCount; cell += 1) {
    const from = cellStart[cell]!;
    const count = inner[cell]!;
    for (let k = 0; k < count; k += 1) {
      keys[k] = Math.floor(centreKm[from + k]! * 1000) * POSITION_RANGE + entries[from + k]!;
    }
    const sorted = keys.subarray(0, count).sort();
    for (let k = 0; k < count; k += 1) {
      entries[from + k] = sorted[k]! % POSITION_RANGE;
      centreKm[from + k] = Math.floor(sorted[k]! / POSITION_RANGE) / 1000;
    }
  }
  Object.assign(grid, { cellStart, innerCount: inner, entries, centreKm });
  return { partners, grid, everywhere: Int32Array.from(everywhere), lines: lineMasks(partners) };
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
  const { grid, lines } = index;
  const { productLine } = query;
  const scan: Scan = {
    from: query.from,
    customer: query.customer,
    tried: query.tried,
    productLine,
    partners,
    masks: lines.masks,
    leadLine:
      productLine === null || lines.bits === null
        ? ALL_LINES
        : (lines.bits.get(productLine) ?? UNLISTED_LINE),
    checkLines: lines.bits === null,
    checkTried: query.tried.size > 0,
    result,
  };
  const [row, column] = cellOf(grid, query.customer.latitude, query.customer.longitude);
  if (row >= 0 && row < grid.rows && column >= 0 && column < grid.columns) {
    const cell = row * grid.columns + column;
    const start = grid.cellStart[cell]!;
    const innerEnd = start + grid.innerCount[cell]!;
    measureCovering(scan, grid, start, innerEnd, grid.reachKm[row]!);
    measureEdge(scan, grid.entries, innerEnd, grid.cellStart[cell + 1]!);
  }
  measureEdge(scan, index.everywhere, 0, index.everywhere.length);
  return result.eligibleCount < CANDIDATE_LIMIT ? null : result;
}

type Scan = IndexQuery & {
  partners: readonly RoutingPartner[];
  masks: Int32Array;
  leadLine: number;
  checkLines: boolean;
  checkTried: boolean;
  result: NearResult;
};

/**
 * The rarer checks that need no distance: a lead's own tried partners, and product lines when there
 * were too many lines for bits. The loops below do the common ones (line bits, status, capacity, as
 * the linear pass's servesLine and isOverCapacity) inline, as they run for every listed partner of
 * every lead; order does not matter here, as no reason is reported.
 */
function passesRareChecks(scan: Scan, partner: RoutingPartner): boolean {
  return (
    (!scan.checkLines || servesLine(partner, scan.productLine)) &&
    (!scan.checkTried || !scan.tried.has(partner.id))
  );
}

/** Partners whose radius covers the whole cell: eligible ones count without a distance. */
function measureCovering(scan: Scan, grid: Grid, start: number, end: number, reach: number): void {
  const { from, customer, result, partners, masks, leadLine } = scan;
  const { entries, centreKm } = grid;
  const rare = scan.checkLines || scan.checkTried;
  const top = result.eligible;
  let count = 0;
  let measuring = true;
  for (let at = start; at < end; at += 1) {
    const position = entries[at]!;
    if ((masks[position]! & leadLine) === 0) continue;
    const partner = partners[position]!;
    if (partner.status !== 'active') continue;
    if (partner.capacity !== null && partner.openLeads >= partner.capacity) continue;
    if (rare && !passesRareChecks(scan, partner)) continue;
    count += 1;
    if (!measuring) continue;
    const last = top[CANDIDATE_LIMIT - 1];
    if (last !== undefined) {
      // The customer is at least (centre distance − reach) from the partner; beyond the list's last
      // shown distance by more than the rounding, neither this partner nor any after it can make it.
      if (centreKm[at]! - reach > last.rank + 0.1) {
        measuring = false;
        continue;
      }
      if (roundKm(distanceLowerBoundKm(from, partner.location!)) > last.rank) continue;
    }
    const km = distanceKm(customer, partner.location!);
    offerTopK(top, { partner, km, rank: roundKm(km), excluded: null, bound: false }, compareEligible);
  }
  result.eligibleCount += count;
}

/** Partners whose radius ends in the cell (or that are in no cell): measured as in the linear pass. */
function measureEdge(scan: Scan, positions: Int32Array, start: number, end: number): void {
  const { from, customer, result, partners, masks, leadLine } = scan;
  const rare = scan.checkLines || scan.checkTried;
  const top = result.eligible;
  let count = 0;
  for (let at = start; at < end; at += 1) {
    const position = positions[at]!;
    if ((masks[position]! & leadLine) === 0) continue;
    const partner = partners[position]!;
    if (partner.status !== 'active') continue;
    if (partner.capacity !== null && partner.openLeads >= partner.capacity) continue;
    if (rare && !passesRareChecks(scan, partner)) continue;
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
    count += 1;
    // Shown distance ≥ the rounded lower bound: beyond the list's last, it cannot make the list.
    const last = top[CANDIDATE_LIMIT - 1];
    if (last !== undefined && roundKm(lowerBound) > last.rank) continue;
    km ??= distanceKm(customer, location);
    offerTopK(top, { partner, km, rank: roundKm(km), excluded: null, bound: false }, compareEligible);
  }
  result.eligibleCount += count;
}
