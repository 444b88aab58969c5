import { z } from 'zod';

/*
 * Device statuses are exactly the ones the homeowner app manual lists (section 3A); the codes are English for
 * code, the Dutch labels are the manual's words for the UI.
 */

/** iLubat: Standby / Laden / Ontladen / Fout. */
export const batteryStatusSchema = z.enum(['standby', 'charging', 'discharging', 'fault']);
/** iLuheat: Inactief/standby / Laden (heating the boiler) / Fout. */
export const heatStatusSchema = z.enum(['standby', 'charging', 'fault']);
/** iLucharge: Start / Standby / EV geconnecteerd / Laden / Slaapt / Fout. */
export const chargerStatusSchema = z.enum([
  'start',
  'standby',
  'ev_connected',
  'charging',
  'sleeping',
  'fault',
]);
/** Meter (P1) and inverter have no manual statuses; they are either read fine or not. */
export const linkStatusSchema = z.enum(['ok', 'fault']);

export type BatteryStatus = z.infer<typeof batteryStatusSchema>;
export type HeatStatus = z.infer<typeof heatStatusSchema>;
export type ChargerStatus = z.infer<typeof chargerStatusSchema>;
export type LinkStatus = z.infer<typeof linkStatusSchema>;

export const deviceStatusLabelsNl = {
  battery: { standby: 'Standby', charging: 'Laden', discharging: 'Ontladen', fault: 'Fout' },
  heat: { standby: 'Inactief/standby', charging: 'Laden', fault: 'Fout' },
  charger: {
    start: 'Start',
    standby: 'Standby',
    ev_connected: 'EV geconnecteerd',
    charging: 'Laden',
    sleeping: 'Slaapt',
    fault: 'Fout',
  },
} as const satisfies {
  battery: Record<BatteryStatus, string>;
  heat: Record<HeatStatus, string>;
  charger: Record<ChargerStatus, string>;
};
