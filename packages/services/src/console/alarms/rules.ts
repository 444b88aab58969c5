import type { AlarmKind, AlarmSeverity } from '@ilumen/db';

export const ALARM_KINDS = [
  'device_fault',
  'gateway_offline',
  'data_stale',
  'modbus_errors',
  'mandate_ended',
  'refused_messages',
  'implausible_data',
] as const satisfies readonly AlarmKind[];
export const ALARM_SEVERITIES = ['critical', 'warning', 'info'] as const satisfies readonly AlarmSeverity[];
export const SEVERITY_RANK: Record<AlarmSeverity, number> = { critical: 3, warning: 2, info: 1 };

/**
 * When alarms rise and clear. Each condition must hold for a while (or reach a count) before an alarm is raised,
 * and must be gone for a while before it clears, so a gateway that drops for a minute or a device that flaps does
 * not fill the desk's list (hysteresis on both sides).
 */
export interface AlarmRules {
  /** A gateway on an active site offline this long. */
  gatewayOfflineAfterS: number;
  /** An online gateway without live values, or without P1 values in them, this long. */
  staleAfterS: number;
  /** A device in "Fout" this long. */
  deviceFaultAfterS: number;
  /** Modbus read errors of one device (or the gateway) in the window: `raise` of them raise, any keeps it open. */
  modbusWindowS: number;
  modbusRaiseCount: number;
  /** Messages from one gateway the ingest refused in the window: as above. */
  refusedWindowS: number;
  refusedRaiseCount: number;
  /** Implausible values a site sent in the window (decision 090): as above (decision 118). */
  implausibleWindowS: number;
  implausibleRaiseCount: number;
  /** How long a condition must stay gone before its alarm clears. */
  clearAfterS: Record<AlarmKind, number>;
  severity: Record<AlarmKind, AlarmSeverity>;
}

export const DEFAULT_ALARM_RULES: AlarmRules = {
  gatewayOfflineAfterS: 10 * 60,
  staleAfterS: 15 * 60,
  deviceFaultAfterS: 60,
  modbusWindowS: 15 * 60,
  modbusRaiseCount: 5,
  refusedWindowS: 15 * 60,
  refusedRaiseCount: 5,
  implausibleWindowS: 60 * 60,
  implausibleRaiseCount: 3,
  clearAfterS: {
    gateway_offline: 5 * 60,
    data_stale: 5 * 60,
    device_fault: 5 * 60,
    modbus_errors: 15 * 60,
    mandate_ended: 0,
    refused_messages: 15 * 60,
    implausible_data: 30 * 60,
  },
  severity: {
    gateway_offline: 'critical',
    device_fault: 'critical',
    data_stale: 'warning',
    modbus_errors: 'warning',
    mandate_ended: 'warning',
    refused_messages: 'warning',
    implausible_data: 'warning',
  },
};

/** Something wrong right now, found by one evaluation pass. */
export interface AlarmCondition {
  kind: AlarmKind;
  /** What it is about (`gw:12`, `dev:34`, `site:5`); with the kind, the key of its one open alarm. */
  subject: string;
  siteId: number | null;
  organizationId: number | null;
  gatewayId: number | null;
  deviceId: number | null;
  mandateId: number | null;
  code: string | null;
  /** Message parameters for the alarm's text (serial, device, error text, counts…). */
  details: Record<string, string | number>;
  since: Date;
  /** Strong enough to raise a new alarm; a weaker one only keeps an open alarm from clearing. */
  raise: boolean;
}

export const openKey = (c: Pick<AlarmCondition, 'kind' | 'subject'>) => `${c.kind}:${c.subject}`;
