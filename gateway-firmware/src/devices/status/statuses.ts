/**
 * The statuses the homeowner app shows (user manual, chapter 3A "Status producten"), spelled exactly as there,
 * and which changes between them are possible.
 */

export const BATTERY_STATUSES = ['Standby', 'Laden', 'Ontladen', 'Fout'] as const;
export const HEAT_STATUSES = ['Inactief/standby', 'Laden', 'Fout'] as const;
export const CHARGER_STATUSES = ['Start', 'Standby', 'EV geconnecteerd', 'Laden', 'Slaapt', 'Fout'] as const;

export type BatteryStatus = (typeof BATTERY_STATUSES)[number];
export type HeatStatus = (typeof HEAT_STATUSES)[number];
export type ChargerStatus = (typeof CHARGER_STATUSES)[number];

/** Device types as the platform names them (DESIGN.md §5). */
export type StatusDeviceType = 'battery' | 'charger' | 'heat';

export type StatusOf<T extends StatusDeviceType> = T extends 'battery'
  ? BatteryStatus
  : T extends 'charger'
    ? ChargerStatus
    : HeatStatus;

export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

/** A battery may swap between charging and discharging directly; out of a fault it comes back through Standby. */
export const BATTERY_TRANSITIONS: TransitionTable<BatteryStatus> = {
  Standby: ['Laden', 'Ontladen', 'Fout'],
  Laden: ['Standby', 'Ontladen', 'Fout'],
  Ontladen: ['Standby', 'Laden', 'Fout'],
  Fout: ['Standby'],
};

export const HEAT_TRANSITIONS: TransitionTable<HeatStatus> = {
  'Inactief/standby': ['Laden', 'Fout'],
  Laden: ['Inactief/standby', 'Fout'],
  Fout: ['Inactief/standby'],
};

/**
 * A car must be connected before it charges, and a session must have charged or been started before it can
 * sleep: so no Standby → Laden, Standby → Slaapt, Start → Laden. After a fault or a restart the charger comes back
 * to Standby or EV geconnecteerd first. Any status may go to Start (a reboot) or Fout.
 */
export const CHARGER_TRANSITIONS: TransitionTable<ChargerStatus> = {
  Start: ['Standby', 'EV geconnecteerd', 'Fout'],
  Standby: ['EV geconnecteerd', 'Start', 'Fout'],
  'EV geconnecteerd': ['Laden', 'Slaapt', 'Standby', 'Start', 'Fout'],
  Laden: ['Slaapt', 'EV geconnecteerd', 'Standby', 'Start', 'Fout'],
  Slaapt: ['Laden', 'EV geconnecteerd', 'Standby', 'Start', 'Fout'],
  Fout: ['Start', 'Standby', 'EV geconnecteerd'],
};
