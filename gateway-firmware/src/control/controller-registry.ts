import type { z } from 'zod';
import type { GatewayConfig } from '../config/config-schema';
import { listIssues } from '../config/describe-issues';
import type { Controller } from './controller';
import { chargeTimersSettingsSchema, createChargeTimers } from './controllers/charge-timers';
import { chargingSettingsSchema, createCharging } from './controllers/charging';
import { createDynamicCharging, dynamicChargingSettingsSchema } from './controllers/dynamic-charging';
import { createLoadBalancing, loadBalancingSettingsSchema } from './controllers/load-balancing';
import { createMaintenance, maintenanceSettingsSchema } from './controllers/maintenance';
import { createPeakShaving, peakShavingSettingsSchema } from './controllers/peak-shaving';
import { createSolarBoiler, solarBoilerSettingsSchema } from './controllers/solar-boiler';

export interface ControllerFactory<S = unknown> {
  settings: z.ZodType<S>;
  create(settings: S): Controller;
}

/** The controllers this firmware has, by the name the config's `controllers` map uses. */
export const CONTROLLERS: Record<string, ControllerFactory> = {
  solarBoiler: {
    settings: solarBoilerSettingsSchema,
    create: (s) => createSolarBoiler(s as never),
  } as ControllerFactory,
  charging: {
    settings: chargingSettingsSchema,
    create: (s) => createCharging(s as never),
  } as ControllerFactory,
  chargeTimers: {
    settings: chargeTimersSettingsSchema,
    create: (s) => createChargeTimers(s as never),
  } as ControllerFactory,
  // energy control (iLuStore modules, battery maintenance); who wins a device: control/arbiter.ts
  peakShaving: {
    settings: peakShavingSettingsSchema,
    create: (s) => createPeakShaving(s as never),
  } as ControllerFactory,
  loadBalancing: {
    settings: loadBalancingSettingsSchema,
    create: (s) => createLoadBalancing(s as never),
  } as ControllerFactory,
  dynamicCharging: {
    settings: dynamicChargingSettingsSchema,
    create: (s) => createDynamicCharging(s as never),
  } as ControllerFactory,
  maintenance: {
    settings: maintenanceSettingsSchema,
    create: (s) => createMaintenance(s as never),
  } as ControllerFactory,
};

/**
 * Controllers that run unless the config switches them off: fast and smart sessions are how `charge.start` works,
 * so they must not depend on the platform having sent a `charging` section.
 */
export const DEFAULT_CONTROLLERS: Record<string, { enabled: boolean }> = { charging: { enabled: true } };

/**
 * Settings problems of the controllers this firmware knows, as `controllers.<name>.<key>: …` lines. Names it does
 * not know pass: a newer platform may already configure controllers a later firmware brings.
 */
export function checkControllerSettings(
  controllers: GatewayConfig['controllers'],
  registry: Record<string, ControllerFactory> = CONTROLLERS,
): string[] {
  const problems: string[] = [];
  for (const [name, settings] of Object.entries(controllers)) {
    const factory = registry[name];
    if (!factory) continue;
    const parsed = factory.settings.safeParse(settings);
    if (!parsed.success) problems.push(...listIssues(parsed.error).map((p) => `controllers.${name}.${p}`));
  }
  return problems;
}

/** The enabled controllers, built from their settings; `unknown` lists configured names this firmware lacks. */
export function createControllers(
  controllers: GatewayConfig['controllers'],
  registry: Record<string, ControllerFactory> = CONTROLLERS,
): { controllers: Controller[]; unknown: string[] } {
  const out: Controller[] = [];
  const unknown: string[] = [];
  for (const [name, settings] of Object.entries(controllers)) {
    const factory = registry[name];
    if (!factory) {
      unknown.push(name);
      continue;
    }
    if (!settings.enabled) continue;
    out.push(factory.create(factory.settings.parse(settings)));
  }
  return { controllers: out, unknown };
}
