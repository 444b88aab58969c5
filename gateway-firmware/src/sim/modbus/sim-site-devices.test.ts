import { afterEach, describe, expect, it } from 'vitest';
import { DeviceMonitor } from '../../devices/device-monitor';
import { driverByName } from '../../devices/registry';
import { createModbusBus, type ModbusBus } from '../../modbus/modbus-bus';
import { LOOPBACK_TIMING } from './loopback';
import { type SimSiteDevices, startSimSiteDevices } from './sim-site-devices';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()?.close();
});

/** What the gateway's main loop will do: one bus per endpoint host:port, one monitor per device. */
function monitorsFor(site: SimSiteDevices) {
  const buses = new Map<number, ModbusBus>();
  return site.endpoints.map((e) => {
    let bus = buses.get(e.port);
    if (!bus) {
      bus = createModbusBus({
        connection: { kind: 'tcp', host: e.host, port: e.port },
        timing: LOOPBACK_TIMING,
      });
      buses.set(e.port, bus);
      open.push(bus);
    }
    return new DeviceMonitor({
      deviceId: e.name,
      driver: driverByName(e.driver),
      transport: bus.unit(e.unitId),
      now: () => new Date('2025-05-01T10:00:00Z'),
    });
  });
}

describe.each(['server-per-device', 'shared-bus'] as const)('a simulated site (%s)', (layout) => {
  it('serves every device to the real drivers, and follows what the simulator sets', async () => {
    const site = await startSimSiteDevices({ layout });
    open.push(site);
    expect(site.endpoints.map((e) => [e.name, e.driver])).toEqual([
      ['inverter', 'sunspec-inverter'],
      ['ilubat', 'ilubat'],
      ['ilucharge', 'ilucharge'],
      ['iluheat', 'iluheat'],
    ]);
    const ports = new Set(site.endpoints.map((e) => e.port));
    expect(ports.size).toBe(layout === 'shared-bus' ? 1 : 4);

    site.inverter?.setPower(3600);
    site.ilubat?.setAutoPower(1200);
    site.ilucharge?.plugIn({ maxCurrentA: 16, phases: 1 });
    const monitors = monitorsFor(site);
    const first = await Promise.all(monitors.map((m) => m.poll()));
    expect(first.map((o) => o.link)).toEqual(['online', 'online', 'online', 'online']);
    expect(first.map((o) => o.reading?.kind)).toEqual(['inverter', 'battery', 'charger', 'heat']);
    expect(monitors.map((m) => m.status)).toEqual([null, 'Laden', 'EV geconnecteerd', 'Laden']);

    const charger = monitors[2]!.handle;
    if (charger?.kind !== 'charger') throw new Error('expected the charger');
    await charger.controls?.start();
    site.advance(900);
    const later = await Promise.all(monitors.map((m) => m.poll()));
    expect(later[0]?.reading).toMatchObject({ acPowerW: 3600, energyTotalWh: 900 });
    expect(later[1]?.reading).toMatchObject({ powerW: 1200, energyChargedWh: 300 });
    expect(later[2]?.reading).toMatchObject({ powerW: 16 * 230, sessionActive: true });
    expect(later[2]?.changes.map((c) => c.to)).toEqual(['Laden']);
  });
});
