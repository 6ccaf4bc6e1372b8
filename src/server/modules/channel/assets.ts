import { sql } from 'kysely';
import type { Db, Trx } from '../../db/database';
import { containsOperator } from '../../db/dialect';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { decodeCursor, encodeCursor } from '../../shared/cursor';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import {
  assetsOfPartner,
  audienceOf,
  currentAssetResellerOfRecordRows,
  customersOfPartner,
} from '../cases/access';
import { changeAssetResellerOfRecord } from '../organisations/service';
import type { AssetRow, AssetUpdate } from './asset.table';
import type { Asset, CreateAssetBody, ListAssetsQuery, UpdateAssetBody } from './asset-schemas';

// The installed base. Who sees an asset: the operator every one; a partner the assets of the
// customers it is the current reseller of record for, and those whose own reseller of record it
// is; a customer its own; anyone else none (not_found, never forbidden). Operator roles that
// create customers (admin, channel manager, agent) create and change assets.

export const ASSET_WRITE_ROLES = ['operator_admin', 'channel_manager', 'agent'] as const;

export type AssetDeps = Pick<Deps, 'db' | 'dialect' | 'clock'>;

function assetVisibleTo(scope: Scope) {
  if (scope.kind === 'system' || audienceOf(scope) === 'operator') return sql<boolean>`1 = 1`;
  const own = scope.organisationId;
  if (scope.organisationKind === 'partner') {
    return sql<boolean>`(asset.customer_id in ${customersOfPartner(own)} or asset.id in ${assetsOfPartner(own)})`;
  }
  return sql<boolean>`asset.customer_id = ${own}`;
}

function selectAssets(db: Db | Trx, scope: Scope) {
  return db
    .selectFrom('asset')
    .innerJoin('organisation as customer', 'customer.id', 'asset.customer_id')
    .leftJoin(currentAssetResellerOfRecordRows('aror'), 'aror.asset_id', 'asset.id')
    .leftJoin('organisation as reseller', 'reseller.id', 'aror.partner_id')
    .selectAll('asset')
    .select([
      'customer.number as customer_number',
      'customer.name as customer_name',
      'reseller.id as reseller_id',
      'reseller.number as reseller_number',
      'reseller.name as reseller_name',
    ])
    .where(assetVisibleTo(scope));
}

type AssetWithNames = AssetRow & {
  customer_number: string;
  customer_name: string;
  reseller_id: string | null;
  reseller_number: string | null;
  reseller_name: string | null;
};

function parseSpecs(text: string): Record<string, string> {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, string>)
      : {};
  } catch {
    return {};
  }
}

function toAsset(row: AssetWithNames): Asset {
  return {
    id: row.id,
    serial: row.serial,
    productModel: row.product_model,
    productLine: row.product_line,
    customer: { id: row.customer_id, number: row.customer_number, name: row.customer_name },
    resellerOfRecord:
      row.reseller_id === null
        ? null
        : { id: row.reseller_id, number: row.reseller_number ?? '', name: row.reseller_name ?? '' },
    purchaseDate: row.purchase_date,
    warrantyEnd: row.warranty_end,
    specs: parseSpecs(row.specs),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** An asset visible to the scope; otherwise not_found. */
export async function getAsset(
  deps: AssetDeps,
  scope: Scope,
  id: string,
  db: Db | Trx = deps.db,
): Promise<Asset> {
  const row = await selectAssets(db, scope).where('asset.id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('Asset');
  return toAsset(row);
}

export async function listAssets(
  deps: AssetDeps,
  scope: Scope,
  filter: ListAssetsQuery,
): Promise<{ items: Asset[]; nextCursor: string | null }> {
  let query = selectAssets(deps.db, scope)
    .orderBy('asset.serial')
    .orderBy('asset.id')
    .limit(filter.limit + 1);
  if (filter.customerId) query = query.where('asset.customer_id', '=', filter.customerId);
  if (filter.serial) query = query.where(sameSerial('asset.serial', filter.serial));
  if (filter.warrantyEndFrom) query = query.where('asset.warranty_end', '>=', filter.warrantyEndFrom);
  if (filter.warrantyEndTo) query = query.where('asset.warranty_end', '<=', filter.warrantyEndTo);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const op = containsOperator(deps.dialect);
    query = query.where((eb) =>
      eb.or([
        eb('asset.serial', op, like),
        eb('asset.product_model', op, like),
        eb('asset.product_line', op, like),
        eb('customer.name', op, like),
      ]),
    );
  }
  if (filter.cursor) {
    const [serial, id] = decodeCursor(filter.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('asset.serial', '>', serial),
        eb.and([eb('asset.serial', '=', serial), eb('asset.id', '>', id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAsset),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.serial, last.id) : null,
  };
}

async function requireCustomer(db: Db | Trx, customerId: string): Promise<void> {
  const customer = await db
    .selectFrom('organisation')
    .select('kind')
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (customer?.kind !== 'customer') throw AppError.field('customerId', 'is not a customer organisation');
}

/**
 * `column` holds the same serial as `serial`, whatever the case of either ("SN-ab12" = "sn-AB12");
 * the unique index on upper(serial) holds the same rule and serves this lookup.
 */
export function sameSerial(column: 'serial' | 'asset.serial', serial: string) {
  return sql<boolean>`upper(${sql.ref(column)}) = upper(${serial})`;
}

async function requireFreeSerial(db: Db | Trx, serial: string, exceptId?: string): Promise<void> {
  let query = db.selectFrom('asset').select('id').where(sameSerial('serial', serial));
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw serialTaken();
}

function serialTaken(): AppError {
  return new AppError('conflict', 'serial: an asset with this serial already exists (case ignored)', [
    { field: 'serial', message: 'an asset with this serial already exists (case ignored)' },
  ]);
}

/** Two writers of the same serial at once: the unique index decides, and the loser gets the 409. */
async function uniqueSerial<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/unique/i.test(message) && /serial/i.test(message)) throw serialTaken();
    throw error;
  }
}

/** Inserts an asset in the caller's transaction; returns its id. */
export async function insertAsset(
  trx: Trx,
  deps: AssetDeps,
  scope: Scope,
  input: CreateAssetBody,
): Promise<string> {
  await requireCustomer(trx, input.customerId);
  await requireFreeSerial(trx, input.serial);
  const now = isoNow(deps.clock);
  const id = newId();
  const row = {
    id,
    serial: input.serial,
    product_model: input.productModel,
    product_line: input.productLine,
    customer_id: input.customerId,
    purchase_date: input.purchaseDate ?? null,
    warranty_end: input.warrantyEnd ?? null,
    specs: JSON.stringify(input.specs ?? {}),
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('asset').values(row).execute();
  await recordAudit(trx, scope, deps.clock, {
    action: 'asset.created',
    entityType: 'asset',
    entityId: id,
    after: row,
  });
  if (input.resellerOfRecord) {
    await changeAssetResellerOfRecord(trx, deps, scope, {
      customerId: input.customerId,
      assetId: id,
      ...input.resellerOfRecord,
    });
  }
  return id;
}

/** Changes an asset in the caller's transaction; fields left out keep their value. */
export async function updateAssetRow(
  trx: Trx,
  deps: AssetDeps,
  scope: Scope,
  before: AssetRow,
  input: UpdateAssetBody,
): Promise<void> {
  if (input.serial !== undefined && input.serial !== before.serial)
    await requireFreeSerial(trx, input.serial, before.id);
  const update: AssetUpdate = {
    serial: input.serial,
    product_model: input.productModel,
    product_line: input.productLine,
    purchase_date: input.purchaseDate,
    warranty_end: input.warrantyEnd,
    specs: input.specs === undefined ? undefined : JSON.stringify(input.specs),
    updated_at: isoNow(deps.clock),
  };
  const after = await trx
    .updateTable('asset')
    .set(update)
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, scope, deps.clock, {
    action: 'asset.updated',
    entityType: 'asset',
    entityId: before.id,
    before,
    after,
  });
  if (input.resellerOfRecord) {
    await changeAssetResellerOfRecord(trx, deps, scope, {
      customerId: before.customer_id,
      assetId: before.id,
      ...input.resellerOfRecord,
    });
  }
}

export async function createAsset(deps: AssetDeps, scope: Scope, input: CreateAssetBody): Promise<Asset> {
  requireRole(scope, ASSET_WRITE_ROLES);
  const id = await uniqueSerial(() =>
    deps.db.transaction().execute((trx) => insertAsset(trx, deps, scope, input)),
  );
  return getAsset(deps, scope, id);
}

export async function updateAsset(
  deps: AssetDeps,
  scope: Scope,
  id: string,
  input: UpdateAssetBody,
): Promise<Asset> {
  requireRole(scope, ASSET_WRITE_ROLES);
  await getAsset(deps, scope, id);
  await uniqueSerial(() =>
    deps.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('asset').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw AppError.notFound('Asset');
      await updateAssetRow(trx, deps, scope, before, input);
    }),
  );
  return getAsset(deps, scope, id);
}
