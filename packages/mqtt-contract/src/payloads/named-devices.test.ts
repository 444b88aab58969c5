import { describe, expect, it } from 'vitest';
import { devicesNamedByControllers, undeclaredDevices } from './named-devices';

describe('devices named by controllers', () => {
  const controllers = {
    peakShaving: { enabled: true, thresholdW: 2500, batteryIds: ['bat1'] },
    loadBalancing: { enabled: true, maxPhaseA: 25, chargerIds: ['charger1'] },
    chargeTimers: { enabled: true, timers: [{ batteryId: 'bat2', startHour: 1, endHour: 5, powerW: 2000 }] },
    maintenance: { enabled: true, charges: [{ id: 'm1', batteryId: 'bat1' }] },
    charging: { enabled: true, chargers: { charger1: { whPerKm: 180 } } },
    solarBoiler: { enabled: true, heatId: 'heat1' },
    dynamicCharging: { enabled: false, batteryIds: ['bat9'] },
  };

  it('finds every device an enabled controller steers', () => {
    expect(devicesNamedByControllers(controllers).map((n) => `${n.controller}:${n.deviceId}`)).toEqual([
      'peakShaving:bat1',
      'loadBalancing:charger1',
      'chargeTimers:bat2',
      'maintenance:bat1',
      'charging:charger1',
      'solarBoiler:heat1',
    ]);
  });

  it('reports those the device list does not have, once each', () => {
    expect(undeclaredDevices(controllers, ['bat1', 'charger1', 'heat1'])).toEqual([
      { controller: 'chargeTimers', deviceId: 'bat2' },
    ]);
    expect(undeclaredDevices(undefined, [])).toEqual([]);
  });
});
