import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { CreatedAt, Id, Json } from './types';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

// Claiming and the fleet's open-alarm count live on the core `gateways` table (added by the console migration);
// merged into its type here so the core file stays as it landed.
declare module './core' {
  interface GatewaysTable {
    claimed_at: Nullable<Date>;
    claimed_by_user_id: Nullable<number>;
    credentials_issued_at: Nullable<Date>;
    registered_by_user_id: Nullable<number>;
    open_alarms: ColumnType<number, number | undefined, number>;
    /** `$7$` PBKDF2-SHA512 of the broker password the last claim made (decision 018). */
    mqtt_password_hash: Nullable<string>;
    /** Staff revoked the broker login (returned, stolen): the broker refuses it until the box is claimed again. */
    mqtt_revoked_at: Nullable<Date>;
    mqtt_revoked_by_user_id: Nullable<number>;
    mqtt_revoked_reason: Nullable<GatewayRevokeReason>;
  }
}

export type GatewayRevokeReason = 'returned' | 'stolen' | 'replaced' | 'other';

export type ConnectivityReason = 'connect' | 'seen' | 'will' | 'silent' | 'shutdown' | 'reboot' | 'update';

export interface GatewayConnectivityTable {
  id: Id;
  gateway_id: number;
  at: ColumnType<Date, Date, Date>;
  online: boolean;
  reason: ConnectivityReason;
  firmware_version: Nullable<string>;
}

export type CommissioningStep = 'site' | 'grid' | 'ean' | 'gateway' | 'devices' | 'live' | 'report' | 'done';

export interface CommissioningsTable {
  site_id: number;
  organization_id: number;
  step: CommissioningStep;
  /** The wizard's answers and checks per step (`console/commissioning/state.ts` in the services parses it). */
  state: Json;
  started_by_user_id: Nullable<number>;
  started_at: CreatedAt;
  completed_at: Nullable<Date>;
  updated_at: CreatedAt;
}

export type AlarmKind =
  | 'device_fault'
  | 'gateway_offline'
  | 'data_stale'
  | 'modbus_errors'
  | 'mandate_ended'
  | 'refused_messages'
  | 'implausible_data';
export type AlarmSeverity = 'critical' | 'warning' | 'info';
export type AlarmStatus = 'open' | 'cleared';

export interface AlarmsTable {
  id: Id;
  kind: AlarmKind;
  open_key: Nullable<string>;
  subject: string;
  severity: AlarmSeverity;
  status: ColumnType<AlarmStatus, AlarmStatus | undefined, AlarmStatus>;
  organization_id: Nullable<number>;
  site_id: Nullable<number>;
  gateway_id: Nullable<number>;
  device_id: Nullable<number>;
  mandate_id: Nullable<number>;
  code: Nullable<string>;
  details: Json;
  since: ColumnType<Date, Date, Date>;
  raised_at: ColumnType<Date, Date, Date>;
  last_active_at: ColumnType<Date, Date, Date>;
  clear_pending_since: Nullable<Date>;
  cleared_at: Nullable<Date>;
  acknowledged_at: Nullable<Date>;
  acknowledged_by_user_id: Nullable<number>;
  assigned_to_user_id: Nullable<number>;
  /** Who resolved it by hand, and their note; empty when the pass cleared it. */
  resolved_by_user_id: Nullable<number>;
  resolution: Nullable<string>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface AlarmCommentsTable {
  id: Id;
  alarm_id: number;
  user_id: Nullable<number>;
  body: string;
  created_at: CreatedAt;
}

export type DigestFrequency = 'off' | 'hourly' | 'daily';

export interface AlarmDigestSettingsTable {
  user_id: number;
  frequency: DigestFrequency;
  min_severity: AlarmSeverity;
  last_sent_at: Nullable<Date>;
  updated_at: CreatedAt;
}

export interface ConsoleTables {
  gateway_connectivity: GatewayConnectivityTable;
  commissionings: CommissioningsTable;
  alarms: AlarmsTable;
  alarm_comments: AlarmCommentsTable;
  alarm_digest_settings: AlarmDigestSettingsTable;
}

export type AlarmRow = Selectable<AlarmsTable>;
export type NewAlarmRow = Insertable<AlarmsTable>;
export type CommissioningRow = Selectable<CommissioningsTable>;
