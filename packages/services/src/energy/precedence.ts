import type { FluviusState, GridQuality, GridSource } from '@ilumen/db';

/**
 * Which value counts for a quarter's grid import and export when the gateway and Fluvius both have one
 * (decision 005): Fluvius values the grid operator validated or read from the meter win; the gateway's own
 * measurement beats a Fluvius estimate or a value Fluvius has not validated; whichever exists is used when only one
 * does.
 */
export interface GridValues {
  gwImportWh: number | null;
  gwExportWh: number | null;
  flImportWh: number | null;
  flExportWh: number | null;
  flState: FluviusState | null;
}

export interface EffectiveGrid {
  importWh: number | null;
  exportWh: number | null;
  source: GridSource | null;
  quality: GridQuality | null;
}

const FLUVIUS_QUALITY: Record<FluviusState, GridQuality> = {
  VAL: 'validated',
  READ: 'read',
  EST: 'estimated',
  NVAL: 'not_validated',
};

export function effectiveGrid(v: GridValues): EffectiveGrid {
  const hasGateway = v.gwImportWh !== null || v.gwExportWh !== null;
  const hasFluvius = v.flImportWh !== null || v.flExportWh !== null;
  const fluviusWins = hasFluvius && (v.flState === 'VAL' || v.flState === 'READ' || !hasGateway);
  if (fluviusWins) {
    return {
      importWh: v.flImportWh,
      exportWh: v.flExportWh,
      source: 'fluvius',
      quality: v.flState ? FLUVIUS_QUALITY[v.flState] : 'read',
    };
  }
  if (hasGateway)
    return { importWh: v.gwImportWh, exportWh: v.gwExportWh, source: 'gateway', quality: 'measured' };
  return { importWh: null, exportWh: null, source: null, quality: null };
}
