import { z } from 'zod';
import type { ControlAction, Controller } from '../controller';
import type { SiteState } from '../site-state';

export const solarBoilerSettingsSchema = z.looseObject({
  enabled: z.boolean(),
  /** The boiler to drive; default the first one configured. */
  heatId: z.string().min(1).optional(),
  /** Switch on when exporting at least this much… */
  onExportW: z.int().min(0).max(50_000).default(1500),
  /** …and off when importing at least this much… */
  offImportW: z.int().min(0).max(50_000).default(300),
  /** …for this long without interruption (seconds). */
  holdS: z.int().min(0).max(3600).default(60),
  /** Below this water temperature the boiler heats regardless of the sun (comfort and legionella). */
  minTempC: z.number().min(20).max(70).default(40),
});
export type SolarBoilerSettings = z.infer<typeof solarBoilerSettingsSchema>;

/** After a switch, give the boiler this long to show it before acting again (readings lag the write). */
const SETTLE_MS = 15_000;

/**
 * Runs the iLuheat boiler on solar surplus: on after a sustained export, off after a sustained import, and on
 * regardless when the water gets too cold. A small, real controller that exercises the loop end to end; peak
 * shaving, load balancing and the others plug in the same way.
 */
export function createSolarBoiler(settings: SolarBoilerSettings): Controller {
  let exportSince: number | null = null;
  let importSince: number | null = null;
  let lastSwitch = Number.NEGATIVE_INFINITY;
  const holdMs = settings.holdS * 1000;
  return {
    name: 'solarBoiler',
    tick(state: SiteState, now: number): ControlAction[] {
      const heater = settings.heatId ? state.heaters.find((h) => h.id === settings.heatId) : state.heaters[0];
      const grid = state.grid;
      if (!heater?.online || !grid) {
        exportSince = importSince = null;
        return [];
      }
      exportSince = grid.exportW >= settings.onExportW ? (exportSince ?? now) : null;
      importSince = grid.importW >= settings.offImportW ? (importSince ?? now) : null;
      if (now - lastSwitch < SETTLE_MS) return [];
      const values = { exportW: grid.exportW, importW: grid.importW, tempC: heater.tempC };
      const cold = heater.tempC !== null && heater.tempC < settings.minTempC;
      if (!heater.enabled && cold) {
        lastSwitch = now;
        return [
          {
            kind: 'heat.enable',
            deviceId: heater.id,
            on: true,
            reason: `water at ${heater.tempC?.toFixed(1)} °C is below the minimum of ${settings.minTempC} °C`,
            values: { ...values, code: 'boiler.cold', minTempC: settings.minTempC },
          },
        ];
      }
      if (!heater.enabled && exportSince !== null && now - exportSince >= holdMs) {
        lastSwitch = now;
        return [
          {
            kind: 'heat.enable',
            deviceId: heater.id,
            on: true,
            reason: `exporting ${grid.exportW} W for ${settings.holdS} s: heat water with the surplus`,
            values: { ...values, code: 'boiler.surplus', holdS: settings.holdS },
          },
        ];
      }
      if (heater.enabled && !cold && importSince !== null && now - importSince >= holdMs) {
        lastSwitch = now;
        return [
          {
            kind: 'heat.enable',
            deviceId: heater.id,
            on: false,
            reason: `importing ${grid.importW} W for ${settings.holdS} s: no solar surplus for the boiler`,
            values: { ...values, code: 'boiler.noSurplus', holdS: settings.holdS },
          },
        ];
      }
      return [];
    },
  };
}
