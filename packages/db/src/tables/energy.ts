import type { ColumnType } from 'kysely';
import type { Id, Json, LocalDate } from './types';

type Wh = number | null;
type Sum = ColumnType<number, number | undefined, number>;
/** DATETIME without fractions, UTC: a quarter's start. */
type QuarterTs = ColumnType<Date, Date, Date>;

export type GridSource = 'gateway' | 'fluvius';
export type GridQuality = 'measured' | 'read' | 'validated' | 'estimated' | 'not_validated';
export type FluviusState = 'READ' | 'VAL' | 'EST' | 'NVAL';

export interface EnergyCountersTable {
  site_id: number;
  ts: QuarterTs;
  gateway_id: number;
  seq: number;
  counters: Json;
  received_at: ColumnType<Date, Date | undefined, Date>;
}

export interface EnergyQhTable {
  site_id: number;
  ts: QuarterTs;
  import_wh: Wh;
  export_wh: Wh;
  grid_source: GridSource | null;
  grid_quality: GridQuality | null;
  gw_import_wh: Wh;
  gw_export_wh: Wh;
  fl_import_wh: Wh;
  fl_export_wh: Wh;
  /** Of fl_import_wh, what the night register counted ("Afname Nacht"); null when Fluvius gave one total. */
  fl_import_night_wh: Wh;
  fl_state: FluviusState | null;
  production_wh: Wh;
  battery_charge_wh: Wh;
  battery_discharge_wh: Wh;
  ev_wh: Wh;
  heat_wh: Wh;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

interface Totals {
  import_wh: Sum;
  export_wh: Sum;
  production_wh: Sum;
  battery_charge_wh: Sum;
  battery_discharge_wh: Sum;
  ev_wh: Sum;
  heat_wh: Sum;
  grid_quarters: Sum;
}

export interface EnergyDayTable extends Totals {
  site_id: number;
  day: LocalDate;
}

export interface EnergyMonthTable extends Totals {
  site_id: number;
  /** The first day of the Brussels month. */
  month: LocalDate;
  qh_peak_w: number | null;
  qh_peak_at: Date | null;
  meter_peak_w: number | null;
  meter_peak_at: Date | null;
}

export interface DeviceQhTable {
  site_id: number;
  device_key: string;
  ts: QuarterTs;
  soc_pct: ColumnType<string | null, string | number | null, string | number | null>;
  temp_c: ColumnType<string | null, string | number | null, string | number | null>;
  energy_wh: Wh;
}

export interface EventsTable {
  id: Id;
  site_id: number;
  gateway_id: number | null;
  uid: string;
  ts: ColumnType<Date, Date, Date>;
  type: string;
  device_key: string | null;
  payload: Json;
  received_at: ColumnType<Date, Date | undefined, Date>;
}

export interface EnergyTables {
  energy_counters: EnergyCountersTable;
  energy_qh: EnergyQhTable;
  energy_day: EnergyDayTable;
  energy_month: EnergyMonthTable;
  device_qh: DeviceQhTable;
  events: EventsTable;
}
