import type { ColumnType } from 'kysely';
import type { Bool, CreatedAt, Decimal, Id, Json, LocalDate } from './types';

/** The iLuStore modules (manual, "iLuStore"): what staff or an installer can grant a site. */
export type StoreModule = 'peak_shaving' | 'dynamic_charging' | 'load_balancing';
export type MaintenanceStatus = 'planned' | 'running' | 'completed' | 'aborted' | 'missed' | 'cancelled';

/** A module granted to a site; no row: not granted. */
export interface SiteModulesTable {
  site_id: number;
  module: StoreModule;
  granted_at: ColumnType<Date, Date, Date>;
  granted_by_user_id: number | null;
}

/** Each site's energy-control settings (one row, created with defaults on the first save or grant). */
export interface SiteControlSettingsTable {
  site_id: number;
  /** "Piektarief": peak shaving switched on by the owner (while the module is granted). */
  peak_enabled: Bool;
  /** "Behandel piek vanaf X W afname". */
  peak_threshold_w: ColumnType<number, number | undefined, number>;
  /** "X % van de batterijcapaciteit is gereserveerd". */
  peak_reserve_pct: ColumnType<number, number | undefined, number>;
  /** "Dynamisch laden" on/off and "Aantal uren". */
  dynamic_enabled: Bool;
  dynamic_hours: ColumnType<number, number | undefined, number>;
  /** Load balancing: a total import limit (W) and/or a current per phase (A); none: the main fuse. */
  lb_limit_w: number | null;
  lb_limit_a: number | null;
  /** The grid operator's capacity rate (`capacity_rates.code`); null: the default. */
  capacity_rate_code: string | null;
  updated_by_user_id: number | null;
  updated_at: CreatedAt;
}

/** €/kW/year of the capacity tariff per grid operator (a staff page). */
export interface CapacityRatesTable {
  code: string;
  name: string;
  eur_per_kw_year: Decimal;
  updated_by_user_id: number | null;
  updated_at: CreatedAt;
}

/** One Brussels delivery day of day-ahead prices for a bidding zone, as ENTSO-E published it. */
export interface DayAheadPricesTable {
  zone: string;
  day: LocalDate;
  /** 15 or 60. */
  minutes: number;
  /** PriceSlot[] (start ISO, minutes, eurPerMwh). */
  slots: Json;
  complete: Bool;
  fetched_at: ColumnType<Date, Date, Date>;
}

/** The cheapest hours planned for a site's day ("Aantal uren"), sent to its gateway. */
export interface ChargePlansTable {
  site_id: number;
  day: LocalDate;
  /** [{ start, end, eurPerMwh }] in time order. */
  hours: Json;
  requested: number;
  mean_eur_per_mwh: Decimal | null;
  planned_at: ColumnType<Date, Date, Date>;
}

/** A planned maintenance charge of a battery ("Onderhoudsmodus AC-batterij") and what the gateway reported. */
export interface MaintenanceChargesTable {
  id: Id;
  site_id: number;
  device_id: number;
  /** The battery's id on the gateway. */
  device_key: string;
  status: ColumnType<MaintenanceStatus, MaintenanceStatus | undefined, MaintenanceStatus>;
  /** When the battery was last seen at 100 % (null: not in the history we have). */
  last_full_at: Date | null;
  window_start: ColumnType<Date, Date, Date>;
  window_end: ColumnType<Date, Date, Date>;
  mean_eur_per_mwh: Decimal | null;
  announced_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  final_soc_pct: Decimal | null;
  /** Why it was aborted or missed, as the gateway (or the reconciliation) said. */
  reason: string | null;
  created_at: CreatedAt;
}

export interface ControlTables {
  site_modules: SiteModulesTable;
  site_control_settings: SiteControlSettingsTable;
  capacity_rates: CapacityRatesTable;
  day_ahead_prices: DayAheadPricesTable;
  charge_plans: ChargePlansTable;
  maintenance_charges: MaintenanceChargesTable;
}
