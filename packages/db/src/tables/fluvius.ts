import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { CreatedAt, Id, Json } from './types';

/**
 * Our side of a Fluvius mandate. `pending`: the homeowner was sent to Mijn Fluvius and Fluvius lists nothing yet;
 * `requested`: Fluvius has it and waits for the contract holder; `approved`: data may be read (linked or not yet);
 * `gas`: approved for a gas connection, which we do not use; the rest end it.
 */
export type MandateState =
  | 'pending'
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'gas'
  | 'expired'
  | 'revoked'
  | 'cancelled';
export type MandateOrigin = 'home' | 'console';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface FluviusMandatesTable {
  id: Id;
  reference_number: string;
  origin: MandateOrigin;
  site_id: Nullable<number>;
  user_id: Nullable<number>;
  requested_by_user_id: Nullable<number>;
  ean: string;
  energy_type: Nullable<'E' | 'G'>;
  data_service_type: Defaulted<string>;
  status: Defaulted<MandateState>;
  fluvius_status: Nullable<string>;
  renewal_status: Nullable<string>;
  data_period_from: Nullable<Date>;
  data_period_to: Nullable<Date>;
  expires_at: Nullable<Date>;
  consent_url: Nullable<string>;
  consent_valid_to: Nullable<Date>;
  returned_at: Nullable<Date>;
  return_result: Nullable<'success' | 'failed'>;
  decided_at: Nullable<Date>;
  meter_id: Nullable<number>;
  linked_at: Nullable<Date>;
  linked_by_user_id: Nullable<number>;
  /** Brussels days (DATE, read as `YYYY-MM-DD`). */
  synced_through: Nullable<string>;
  backfill_before: Nullable<string>;
  history_from: Nullable<string>;
  backfill_done_at: Nullable<Date>;
  last_polled_at: Nullable<Date>;
  last_sync_at: Nullable<Date>;
  last_error: Nullable<string>;
  last_error_at: Nullable<Date>;
  failures: Defaulted<number>;
  notified: Nullable<string>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface FluviusCsvUploadsTable {
  id: Id;
  site_id: number;
  user_id: Nullable<number>;
  file_name: string;
  byte_size: number;
  sha256: string;
  content_gz: ColumnType<Buffer, Buffer, Buffer>;
  ean: string;
  summary: Json;
  status: Defaulted<'previewed' | 'imported'>;
  imported_at: Nullable<Date>;
  imported_days: Nullable<number>;
  imported_quarters: Nullable<number>;
  created_at: CreatedAt;
}

export interface FluviusTables {
  fluvius_mandates: FluviusMandatesTable;
  fluvius_csv_uploads: FluviusCsvUploadsTable;
}

export type MandateRow = Selectable<FluviusMandatesTable>;
export type NewMandateRow = Insertable<FluviusMandatesTable>;
export type MandateUpdate = Updateable<FluviusMandatesTable>;
export type CsvUploadRow = Selectable<FluviusCsvUploadsTable>;
