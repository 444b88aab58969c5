import type { EventBody } from '../runtime/event-sink';
import type { SiteState } from './site-state';

type Values = Record<string, number | string | boolean | null>;

interface ActionBase {
  deviceId: string;
  /** Why, in words a homeowner or support agent can follow ("exporting 2100 W for 60 s: boiler on"). */
  reason: string;
  /** The numbers behind the decision, published with it. */
  values?: Values;
  /**
   * A battery request that yields to every other controller's (peak shaving keeping its reserve): it only holds
   * when nobody else steers the battery. See `arbiter.ts` for who wins a device.
   */
  fallback?: boolean;
  /**
   * A ceiling rather than a wish: the device may take less than this, never more — peak shaving's "battery power at
   * most S" (S < 0: discharge at least −S), load balancing's current limit. Applied on top of the wishes (arbiter.ts).
   */
  ceiling?: boolean;
  /** Applied but not published (a setpoint renewed before the battery's revert time runs out): logged only. */
  quiet?: boolean;
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
  /**
   * Events the controller reports besides its actions (a maintenance charge's progress, a quarter that ended over
   * the peak threshold and why), taken by the loop after each tick and published as they are.
   */
  takeEvents?(): EventBody[];
}
