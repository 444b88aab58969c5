import { z } from 'zod';

/*
 * Device statuses are exactly the ones the homeowner app manual lists (section 3A "Status producten"), spelled as
 * there, so the gateway's state machines, the wire and the Dutch UI use one set of words with no mapping between
 * them (other languages translate these keys).
 */

/** iLubat. */
export const batteryStatusSchema = z.enum(['Standby', 'Laden', 'Ontladen', 'Fout']);
/** iLuheat ("Laden" = heating the boiler). */
export const heatStatusSchema = z.enum(['Inactief/standby', 'Laden', 'Fout']);
/** iLucharge. */
export const chargerStatusSchema = z.enum([
  'Start',
  'Standby',
  'EV geconnecteerd',
  'Laden',
  'Slaapt',
  'Fout',
]);
/** Meter (P1) and inverter have no statuses in the manual: they are read fine, or not. */
export const linkStatusSchema = z.enum(['OK', 'Fout']);

/** The status every device type shares for an error the support desk must see. */
export const FAULT_STATUS = 'Fout' as const;

export type BatteryStatus = z.infer<typeof batteryStatusSchema>;
export type HeatStatus = z.infer<typeof heatStatusSchema>;
export type ChargerStatus = z.infer<typeof chargerStatusSchema>;
export type LinkStatus = z.infer<typeof linkStatusSchema>;
