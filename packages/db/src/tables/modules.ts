import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { CreatedAt, Decimal, Id, LocalDate } from './types';

export type ChargeMode = 'fast' | 'smart';
export type ChargeExportScope = 'charger' | 'site' | 'owner';
export type ChargeExportStatus = 'queued' | 'sent' | 'failed';

/** A charge session as the gateway reported it (charge.session.start / energy / stop). */
export interface ChargeSessionsTable {
  id: Id;
  site_id: number;
  device_id: number | null;
  /** The charger's id in the gateway's config. */
  charger_key: string;
  /** The gateway's session id (charge.start's result). */
  session_uid: string;
  user_id: number | null;
  mode: ChargeMode;
  grid_share_pct: number | null;
  target_wh: number | null;
  target_by: Date | null;
  started_at: ColumnType<Date, Date, Date>;
  ended_at: Date | null;
  energy_wh: ColumnType<number, number | undefined, number>;
  solar_wh: number | null;
  stop_reason: string | null;
  tariff_eur_per_kwh: Decimal | null;
  cost_eur: Decimal | null;
  /** The owner's mark: charged the company car (true), a private car (false), or not marked (decision 304). */
  company_car: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  updated_at: CreatedAt;
}

export interface ChargerSettingsTable {
  device_id: number;
  site_id: number;
  consumption_kwh_per_100km: Decimal;
  updated_by_user_id: number | null;
  updated_at: CreatedAt;
}

export interface ChargeTimersTable {
  id: Id;
  site_id: number;
  /** The battery. */
  device_id: number;
  start_hour: number;
  end_hour: number;
  power_w: number;
  created_by_user_id: number | null;
  created_at: CreatedAt;
}

export interface ChargeExportsTable {
  id: Id;
  user_id: number;
  scope: ChargeExportScope;
  site_id: number | null;
  device_id: number | null;
  own_only: ColumnType<boolean, boolean | undefined, boolean>;
  from_day: LocalDate;
  to_day: LocalDate;
  locale: 'nl' | 'fr' | 'en';
  status: ColumnType<ChargeExportStatus, ChargeExportStatus | undefined, ChargeExportStatus>;
  row_count: number | null;
  error: string | null;
  requested_at: CreatedAt;
  sent_at: Date | null;
}

export interface ModuleTables {
  charge_sessions: ChargeSessionsTable;
  charger_settings: ChargerSettingsTable;
  charge_timers: ChargeTimersTable;
  charge_exports: ChargeExportsTable;
}

export type ChargeSessionRow = Selectable<ChargeSessionsTable>;
export type NewChargeSessionRow = Insertable<ChargeSessionsTable>;
export type ChargeTimerRow = Selectable<ChargeTimersTable>;
export type ChargeExportRow = Selectable<ChargeExportsTable>;
