import type { AnyDeviceHandle } from '../devices/driver';
import type { ControlAction } from './controller';

export type ActionOutcome = { ok: true } | { ok: false; error: string };

/** Applies one action through the device's driver. Never throws: the outcome is logged and published. */
export async function applyAction(
  action: ControlAction,
  handleOf: (deviceId: string) => AnyDeviceHandle | null,
): Promise<ActionOutcome> {
  const h = handleOf(action.deviceId);
  if (!h) return { ok: false, error: `${action.deviceId} is not reachable` };
  try {
    switch (action.kind) {
      case 'battery.setpoint':
      case 'battery.auto': {
        if (h.kind !== 'battery' || !h.controls)
          return { ok: false, error: `${action.deviceId} is not a controllable battery` };
        if (action.kind === 'battery.auto') await h.controls.setAuto();
        else await h.controls.setPowerSetpoint(action.watts, { revertSeconds: action.revertSeconds });
        return { ok: true };
      }
      case 'charger.current':
      case 'charger.start':
      case 'charger.stop': {
        if (h.kind !== 'charger' || !h.controls)
          return { ok: false, error: `${action.deviceId} is not a controllable charger` };
        if (action.kind === 'charger.current') await h.controls.setCurrentLimit(action.amps);
        else if (action.kind === 'charger.start') await h.controls.start();
        else await h.controls.stop();
        return { ok: true };
      }
      case 'heat.enable': {
        if (h.kind !== 'heat' || !h.controls)
          return { ok: false, error: `${action.deviceId} is not a controllable boiler` };
        await h.controls.setEnabled(action.on);
        return { ok: true };
      }
    }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The action's target value, as published with the decision. */
export function actionTarget(action: ControlAction): Record<string, number | boolean> {
  switch (action.kind) {
    case 'battery.setpoint':
      return { watts: action.watts };
    case 'charger.current':
      return { amps: action.amps };
    case 'heat.enable':
      return { on: action.on };
    default:
      return {};
  }
}
