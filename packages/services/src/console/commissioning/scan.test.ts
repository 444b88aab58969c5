import { describe, expect, it } from 'vitest';
import { chosenDevices, confirmedDeviceSchema, parseEndpoints, suggestDevices } from './scan';

const tcp = { transport: 'tcp' as const, host: '192.168.1.20', port: 502 };

describe('what a Modbus scan found, as the wizard proposes it', () => {
  it('tells our own devices by their model, SunSpec by its model chain, Huawei by its model string', () => {
    const s = suggestDevices(tcp, [
      {
        unitId: 1,
        sunspecBase: 40000,
        models: [1, 103, 160],
        manufacturer: 'Fronius',
        model: 'Symo 5.0',
        serialNumber: 'INV-1',
      },
      {
        unitId: 2,
        sunspecBase: null,
        models: [],
        manufacturer: 'iLumen',
        model: 'iLubat rev 2',
        serialNumber: 'BAT-1',
      },
      { unitId: 3, sunspecBase: null, models: [], manufacturer: 'iLumen', model: 'iLucharge rev 1' },
      { unitId: 4, sunspecBase: null, models: [], manufacturer: 'iLumen', model: 'iLuheat rev 1' },
      { unitId: 5, sunspecBase: 40000, models: [1, 701, 713, 802] },
      { unitId: 6, sunspecBase: null, models: [], manufacturer: 'Huawei', model: 'SUN2000-5KTL-L1' },
      { unitId: 6, sunspecBase: null, models: [], manufacturer: 'Huawei', model: 'SUN2000-5KTL-L1 meter' },
      { unitId: 7, sunspecBase: null, models: [] },
      { unitId: 8, sunspecBase: null, models: [], manufacturer: 'iLumen Sim', model: 'SimInverter 103' },
      { unitId: 9, sunspecBase: null, models: [], manufacturer: 'Acme', model: 'Storage 10' },
    ]);
    expect(s.map((d) => [d.unitId, d.type, d.driver])).toEqual([
      [1, 'inverter', 'sunspec'],
      [2, 'battery', 'ilubat'],
      [3, 'charger', 'ilucharge'],
      [4, 'heat', 'iluheat'],
      [5, 'inverter', 'sunspec'],
      [5, 'battery', 'sunspec'],
      [6, 'inverter', 'huawei-sun2000'],
      [7, null, null],
      [8, 'inverter', 'sunspec'],
      [9, 'battery', 'sunspec'],
    ]);
    expect(s[0]).toMatchObject({ manufacturer: 'Fronius', serial: 'INV-1', endpoint: tcp });
  });

  it('reads endpoints as installers type them and names the ones it cannot read', () => {
    expect(parseEndpoints('192.168.1.20\n192.168.1.21:1502, /dev/ttyUSB0@19200\nnot an address!')).toEqual({
      endpoints: [
        { transport: 'tcp', host: '192.168.1.20', port: 502 },
        { transport: 'tcp', host: '192.168.1.21', port: 1502 },
        { transport: 'rtu', path: '/dev/ttyUSB0', baudRate: 19200, parity: 'none', dataBits: 8, stopBits: 1 },
      ],
      bad: ['not an address!'],
    });
  });

  it('takes a confirmed device with its endpoint as text, and refuses one without a type', () => {
    expect(
      confirmedDeviceSchema.parse({
        type: 'battery',
        driver: 'ilubat',
        endpoint: '10.0.0.5:502',
        unitId: '2',
      }),
    ).toMatchObject({ endpoint: { host: '10.0.0.5', port: 502 }, unitId: 2, include: true });
    const r = confirmedDeviceSchema.safeParse({
      type: null,
      driver: 'ilubat',
      endpoint: '10.0.0.5',
      unitId: 2,
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('commissioning.devices.typeRequired');
  });
});

describe('the devices the installer confirms', () => {
  const good = { type: 'inverter', driver: 'sunspec', endpoint: '192.168.1.20', unitId: 1 };
  it('skips an unticked row, however half-typed, instead of refusing the lot', () => {
    const chosen = chosenDevices([good, { include: false, type: null, driver: '', endpoint: '', unitId: 1 }]);
    expect(chosen).toHaveLength(1);
    expect(chosen[0]).toMatchObject({ type: 'inverter', unitId: 1 });
  });
  it('names the ticked row that is not complete, and refuses when none is ticked', () => {
    expect(() => chosenDevices([good, { ...good, type: null }])).toThrow(
      expect.objectContaining({
        fieldErrors: { 'devices.1': expect.objectContaining({ params: { n: 2 } }) },
      }),
    );
    expect(() => chosenDevices([{ ...good, include: false }])).toThrow(
      expect.objectContaining({ fieldErrors: { devices: { key: 'commissioning.devices.none' } } }),
    );
  });
});
