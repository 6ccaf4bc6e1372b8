import type { Insertable, Selectable, Updateable } from 'kysely';

/** A device of a customer's installed base. Its own reseller of record is a reseller_of_record period with its id. */
export interface AssetTable {
  id: string;
  /** Unique over all assets; the key of the CSV import. */
  serial: string;
  product_model: string;
  product_line: string;
  customer_id: string;
  /** YYYY-MM-DD */
  purchase_date: string | null;
  /** YYYY-MM-DD */
  warranty_end: string | null;
  /** JSON object of string keys and values. */
  specs: string;
  created_at: string;
  updated_at: string;
}
export type AssetRow = Selectable<AssetTable>;
export type NewAssetRow = Insertable<AssetTable>;
export type AssetUpdate = Updateable<AssetTable>;
