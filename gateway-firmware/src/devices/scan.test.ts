import { afterEach, describe, expect, it } from 'vitest';
import { createModbusBus } from '../modbus/modbus-bus';
import { startSimSiteDevices } from '../sim/modbus/sim-site-devices';
import { ilubatDriver } from './ilu/ilubat-driver';
import { scan } from './scan';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

const SCAN_TIMING = { timeoutMs: 150, retries: 0, reconnectDelayMs: 50 };

describe('scan', () => {
  it('finds which driver answers on which unit id of a shared bus', async () => {
    const site = await startSimSiteDevices({
      layout: 'shared-bus',
      inverter: { kind: 'huawei' },
      sunspecBattery: {},
    });
    open.push(site);
    const { port } = site.servers[0]!;
    const bus = createModbusBus({
      connection: { kind: 'tcp', host: '127.0.0.1', port },
      timing: SCAN_TIMING,
    });
    open.push(bus);
    const progress: number[] = [];
    const result = await scan(
      (id) => bus.unit(id),
      { unitIds: [1, 2, 3, 4, 5, 6, 7] },
      (id) => progress.push(id),
    );

    expect(result.found.map((f) => [f.unitId, f.driver])).toEqual([
      [1, 'huawei-sun2000'],
      [1, 'huawei-sun2000-meter'],
      [1, 'huawei-sun2000-battery'],
      [2, 'sunspec-battery'],
      [3, 'ilubat'],
      [4, 'ilucharge'],
      [5, 'iluheat'],
    ]);
    expect(result.silent).toEqual([6, 7]);
    expect(result.errors).toEqual([]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(result.found[4]?.identity.serial).toBe('SIM-ILUBAT-1');
    // The handles are ready to poll.
    const charger = result.found.find((f) => f.kind === 'charger')!;
    expect(await charger.handle.read()).toMatchObject({ kind: 'charger', cpState: 'A' });
  });

  it('tries only the drivers it is given', async () => {
    const site = await startSimSiteDevices({ layout: 'shared-bus', inverter: { kind: 'sunspec' } });
    open.push(site);
    const bus = createModbusBus({
      connection: { kind: 'tcp', host: '127.0.0.1', port: site.servers[0]!.port },
      timing: SCAN_TIMING,
    });
    open.push(bus);
    const result = await scan((id) => bus.unit(id), { unitIds: [1, 2], drivers: [ilubatDriver] });
    expect(result.found.map((f) => [f.unitId, f.driver])).toEqual([[2, 'ilubat']]);
  });

  it('marks every unit silent when the bus cannot be reached', async () => {
    const bus = createModbusBus({
      connection: { kind: 'tcp', host: '127.0.0.1', port: 1 },
      timing: SCAN_TIMING,
    });
    open.push(bus);
    const result = await scan((id) => bus.unit(id), { unitIds: [1, 2] });
    expect(result).toEqual({ found: [], silent: [1, 2], errors: [] });
  });
});
