import { z } from 'zod';

/**
 * Bidding zones whose delivery day is the Europe/Brussels (CET/CEST) day, so the energy calendar applies unchanged.
 * EIC codes from the ENTSO-E transparency platform's area list.
 */
export const BIDDING_ZONES = {
  BE: '10YBE----------2',
  NL: '10YNL----------L',
  FR: '10YFR-RTE------C',
  DE_LU: '10Y1001A1001A82H',
} as const;

export const zoneSchema = z.enum(['BE', 'NL', 'FR', 'DE_LU']);
export type Zone = z.infer<typeof zoneSchema>;

export function zoneEic(zone: Zone): string {
  return BIDDING_ZONES[zone];
}

export function zoneOfEic(eic: string): Zone | null {
  for (const [zone, code] of Object.entries(BIDDING_ZONES)) if (code === eic) return zone as Zone;
  return null;
}
