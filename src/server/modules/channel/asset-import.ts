import { z } from 'zod';
import type { Trx } from '../../db/database';
import { readCsvRecords } from '../../shared/csv-file';
import { requireRole, type Scope } from '../../shared/scope';
import { changeAssetResellerOfRecord } from '../organisations/service';
import { ASSET_WRITE_ROLES, type AssetDeps, insertAsset, sameSerial, updateAssetRow } from './assets';

// `channeldesk import assets FILE.csv`: every row is checked first (the file, then the customers
// and partners it names); one problem anywhere and nothing is imported. The serial is the key: a
// serial that exists is updated, never duplicated, so the same file can be imported again.

export const ASSET_IMPORT_COLUMNS = [
  'serial',
  'product_model',
  'product_line',
  'customer',
  'purchase_date',
  'warranty_end',
  'reseller',
] as const;
const REQUIRED_COLUMNS = ['serial', 'product_model', 'product_line', 'customer'] as const;
const SPEC_PREFIX = 'spec_';

export type AssetImportRow = {
  line: number;
  serial: string;
  productModel: string;
  productLine: string;
  /** A customer number (K-100001) or the customer's exact name. */
  customer: string;
  purchaseDate: string | null;
  warrantyEnd: string | null;
  /** A partner number; the asset's own reseller of record. */
  reseller: string | null;
  specs: Record<string, string>;
};
export type AssetImportError = { line: number; field: string; message: string };

export class AssetImportFailed extends Error {
  constructor(readonly errors: AssetImportError[]) {
    super(`${errors.length} rows rejected`);
  }
}

const required = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `at most ${max} characters`);
const optionalDate = z
  .string()
  .trim()
  .transform((value) => value || null)
  .pipe(z.iso.date('must be a date YYYY-MM-DD').nullable());
const RowSchema = z.object({
  serial: required(100),
  product_model: required(200),
  product_line: required(100),
  customer: required(200),
  purchase_date: optionalDate,
  warranty_end: optionalDate,
  reseller: z
    .string()
    .trim()
    .max(50)
    .transform((value) => value || null),
});

/** Parses and validates a whole CSV file (comma or semicolon separated, UTF-8, optional BOM). */
export function parseAssetCsv(text: string): { rows: AssetImportRow[]; errors: AssetImportError[] } {
  const { records, header, errors: fileErrors } = readCsvRecords(text, REQUIRED_COLUMNS);
  if (fileErrors.some((e) => e.field === 'file')) return { rows: [], errors: fileErrors };
  const errors: AssetImportError[] = [...fileErrors];
  for (const column of header) {
    if ((ASSET_IMPORT_COLUMNS as readonly string[]).includes(column)) continue;
    if (column.startsWith(SPEC_PREFIX) && column.length > SPEC_PREFIX.length) continue;
    errors.push({
      line: 1,
      field: column,
      message: `unknown column; known are ${ASSET_IMPORT_COLUMNS.join(', ')} and spec_<key>`,
    });
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: AssetImportRow[] = [];
  const serialLines = new Map<string, number>();
  for (const { record, line } of records) {
    const parsed = RowSchema.safeParse({
      serial: record.serial ?? '',
      product_model: record.product_model ?? '',
      product_line: record.product_line ?? '',
      customer: record.customer ?? '',
      purchase_date: record.purchase_date ?? '',
      warranty_end: record.warranty_end ?? '',
      reseller: record.reseller ?? '',
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ line, field: String(issue.path[0] ?? 'row'), message: issue.message });
      continue;
    }
    const row = parsed.data;
    // The same serial in another case is the same device (as the unique index holds it).
    const earlier = serialLines.get(row.serial.toUpperCase());
    if (earlier !== undefined) {
      errors.push({ line, field: 'serial', message: `appears already on line ${earlier}` });
      continue;
    }
    serialLines.set(row.serial.toUpperCase(), line);
    const specs: Record<string, string> = {};
    for (const [column, value] of Object.entries(record)) {
      if (column.startsWith(SPEC_PREFIX) && value !== '') specs[column.slice(SPEC_PREFIX.length)] = value;
    }
    rows.push({
      line,
      serial: row.serial,
      productModel: row.product_model,
      productLine: row.product_line,
      customer: row.customer,
      purchaseDate: row.purchase_date,
      warrantyEnd: row.warranty_end,
      reseller: row.reseller,
      specs,
    });
  }
  return { rows: errors.length > 0 ? [] : rows, errors };
}

type Resolved = { row: AssetImportRow; customerId: string; resellerId: string | null };

/** Finds every named customer and partner before anything is written; a row naming none is an error. */
async function resolveRows(trx: Trx, rows: AssetImportRow[]): Promise<Resolved[]> {
  const errors: AssetImportError[] = [];
  const resolved: Resolved[] = [];
  const organisations = new Map<string, { id: string; kind: string; active: number }[]>();
  const lookup = async (key: string) => {
    let found = organisations.get(key);
    if (!found) {
      found = await trx
        .selectFrom('organisation')
        .select(['id', 'kind', 'active'])
        .where((eb) => eb.or([eb('number', '=', key), eb('name', '=', key)]))
        .execute();
      organisations.set(key, found);
    }
    return found;
  };
  for (const row of rows) {
    const customers = (await lookup(row.customer)).filter((o) => o.kind === 'customer');
    if (customers.length !== 1) {
      errors.push({
        line: row.line,
        field: 'customer',
        message:
          customers.length === 0
            ? `no customer with number or name ${row.customer}`
            : `${customers.length} customers are named ${row.customer}; use the customer number`,
      });
      continue;
    }
    let resellerId: string | null = null;
    if (row.reseller) {
      const partner = (await lookup(row.reseller)).find((o) => o.kind === 'partner' && o.active === 1);
      if (!partner) {
        errors.push({
          line: row.line,
          field: 'reseller',
          message: `no active partner with number ${row.reseller}`,
        });
        continue;
      }
      resellerId = partner.id;
    }
    resolved.push({ row, customerId: customers[0]!.id, resellerId });
  }
  if (errors.length > 0) throw new AssetImportFailed(errors);
  return resolved;
}

/**
 * Imports validated rows in one transaction: all or none. A serial that exists is updated (its
 * customer, model, line, dates and specs become the file's); a new one is created. A reseller
 * column sets the asset's own reseller of record (an empty one leaves it as it is).
 */
export async function importAssets(
  deps: AssetDeps,
  scope: Scope,
  rows: AssetImportRow[],
  onProgress: (done: number) => void = () => {},
): Promise<{ created: number; updated: number }> {
  requireRole(scope, ASSET_WRITE_ROLES);
  return deps.db.transaction().execute(async (trx) => {
    const resolved = await resolveRows(trx, rows);
    let created = 0;
    let updated = 0;
    for (const { row, customerId, resellerId } of resolved) {
      const before = await trx
        .selectFrom('asset')
        .selectAll()
        .where(sameSerial('serial', row.serial))
        .executeTakeFirst();
      const fields = {
        productModel: row.productModel,
        productLine: row.productLine,
        purchaseDate: row.purchaseDate,
        warrantyEnd: row.warrantyEnd,
        specs: row.specs,
      };
      if (before) {
        if (before.customer_id !== customerId)
          await trx
            .updateTable('asset')
            .set({ customer_id: customerId })
            .where('id', '=', before.id)
            .execute();
        await updateAssetRow(trx, deps, scope, { ...before, customer_id: customerId }, fields);
        if (resellerId)
          await changeAssetResellerOfRecord(trx, deps, scope, {
            customerId,
            assetId: before.id,
            partnerId: resellerId,
            reason: 'import',
          });
        updated += 1;
      } else {
        await insertAsset(trx, deps, scope, {
          serial: row.serial,
          customerId,
          ...fields,
          resellerOfRecord: resellerId ? { partnerId: resellerId, reason: 'import' } : undefined,
        });
        created += 1;
      }
      onProgress(created + updated);
    }
    return { created, updated };
  });
}
