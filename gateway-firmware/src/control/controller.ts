import type { SiteState } from './site-state';

type Values = Record<string, number | string | boolean | null>;

interface ActionBase {
  deviceId: string;
  /** Why, in words a homeowner or support agent can follow ("exporting 2100 W for 60 s: boiler on"). */
  reason: string;
  /** The numbers behind the decision, published with it. */
  values?: Values;
}

/** What a controller may ask of a device. Applied through the device drivers' controls. */
export type ControlAction =
  | (ActionBase & { kind: 'battery.setpoint'; watts: number; revertSeconds?: number })
  | (ActionBase & { kind: 'battery.auto' })
  | (ActionBase & { kind: 'charger.current'; amps: number })
  | (ActionBase & { kind: 'charger.start' })
  | (ActionBase & { kind: 'charger.stop' })
  | (ActionBase & { kind: 'heat.enable'; on: boolean });

/**
 * A local control strategy (peak shaving, load balancing, timers, dynamic charging…). Called once per cycle with
 * the site's state; returns the actions to take now, usually none. It may keep state between ticks (hysteresis,
 * timers) but must not do I/O: actions are applied, logged and published by the loop.
 */
export interface Controller {
  readonly name: string;
  tick(state: SiteState, now: number): ControlAction[];
}
