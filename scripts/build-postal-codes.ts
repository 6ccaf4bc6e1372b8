// Builds assets/geo/plz-de.csv, the postal-code table shipped with channeldesk, from the GeoNames
// extract in shared/data (see assets/geo/README.md for source and licence).
//
// Usage: node bin/run-ts.mjs scripts/build-postal-codes.ts [SOURCE.csv]
//
// The source has one row per locality; several localities can share a PLZ. Lead routing needs one
// point per PLZ, so we aggregate here once instead of on every start.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

type SourceRow = {
  zipcode: string;
  place: string;
  state_code: string;
  latitude: string;
  longitude: string;
};

type Aggregate = {
  postalCode: string;
  place: string;
  stateCode: string;
  latitudeSum: number;
  longitudeSum: number;
  count: number;
};

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The data lives outside the repository (shared/data beside the checkout); pass a path to override.
const source = resolve(process.argv[2] ?? resolve(repoRoot, '../shared/data/plz-de-geonames.csv'));
const licence = source.replace(/\.csv$/, '.LICENSE-CC-BY-4.0.txt');
const targetDir = resolve(repoRoot, 'assets/geo');
const target = resolve(targetDir, 'plz-de.csv');

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

// Minimal RFC 4180 quoting: some places contain commas ("Schipkau Annahütte, Annahütte").
const csvField = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const rows = parse(readFileSync(source), { columns: true, skip_empty_lines: true }) as SourceRow[];

const byPostalCode = new Map<string, Aggregate>();
for (const [index, row] of rows.entries()) {
  const latitude = Number(row.latitude);
  const longitude = Number(row.longitude);
  // Fail loudly: a silently skipped row would make a PLZ route to its neighbours' mean.
  if (!/^\d{5}$/.test(row.zipcode) || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    throw new Error(`${source}: data row ${index + 1} is malformed: ${JSON.stringify(row)}`);
  }
  const aggregate = byPostalCode.get(row.zipcode);
  if (aggregate) {
    aggregate.latitudeSum += latitude;
    aggregate.longitudeSum += longitude;
    aggregate.count += 1;
  } else {
    byPostalCode.set(row.zipcode, {
      postalCode: row.zipcode,
      place: row.place,
      stateCode: row.state_code,
      latitudeSum: latitude,
      longitudeSum: longitude,
      count: 1,
    });
  }
}

const lines = ['postal_code,place,state_code,latitude,longitude'];
const sorted = [...byPostalCode.values()].sort((a, b) => (a.postalCode < b.postalCode ? -1 : 1));
for (const entry of sorted) {
  lines.push(
    [
      entry.postalCode,
      entry.place,
      entry.stateCode,
      round4(entry.latitudeSum / entry.count),
      round4(entry.longitudeSum / entry.count),
    ]
      .map(csvField)
      .join(','),
  );
}

mkdirSync(targetDir, { recursive: true });
writeFileSync(target, `${lines.join('\n')}\n`);
// CC BY 4.0 requires the licence to travel with the data.
// Read and write rather than copy, so the copy does not inherit the source's read-only mode.
if (existsSync(licence)) writeFileSync(resolve(targetDir, 'LICENSE-CC-BY-4.0.txt'), readFileSync(licence));
console.log(`${rows.length} rows → ${sorted.length} postal codes → ${target}`);
