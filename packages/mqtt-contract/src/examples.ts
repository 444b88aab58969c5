import type { PayloadInput } from './payload-schemas';
import type { TopicKind } from './topics';

/**
 * One valid payload per topic kind, as documentation and as test input for every side of the contract
 * (`import { examplePayloads } from '@ilumen/mqtt-contract/examples'`).
 */
export const exampleSerial = 'ILS-24A00017';

export const examplePayloads = {
  state: {
    v: 1,
    online: true,
    ts: '2024-05-01T10:15:03.120Z',
    firmwareVersion: '1.4.0',
    hardwareRevision: 'B2',
    uptimeS: 86400,
  },
  live: {
    v: 1,
    ts: '2024-05-01T10:15:05.000Z',
    grid: {
      importW: 338,
      exportW: 0,
      phases: {
        l1: { voltageV: 232.9, currentA: 0.27, importW: 47, exportW: 0 },
        l2: { voltageV: 228.1, currentA: 0.88, importW: 179, exportW: 0 },
        l3: { voltageV: 228.1, currentA: 0.52, importW: 111, exportW: 0 },
      },
      quarterAverageW: 52,
      monthPeak: { w: 3064, at: '2023-11-02T10:45:00.000Z' },
    },
    pv: { w: 2150 },
    battery: { w: -1200, socPct: 64.5, status: 'Ontladen' },
    chargers: [{ id: 'charger1', w: 7400, status: 'Laden' }],
    heat: { w: 0, tempC: 58.5, status: 'Inactief/standby' },
  },
  energy: {
    v: 1,
    ts: '2024-05-01T10:15:00.000Z',
    seq: 4211,
    meter: { importT1Wh: 301548, importT2Wh: 270014, exportT1Wh: 5, exportT2Wh: 0 },
    gas: { m3: 92.287, at: '2023-11-02T11:10:02.000Z' },
    water: { m3: 8.579, at: '2023-11-02T11:15:32.000Z' },
    pv: { wh: 5_312_400 },
    battery: { chargedWh: 812_000, dischargedWh: 790_500, socPct: 64.5 },
    chargers: [{ id: 'charger1', wh: 1_204_300 }],
    heat: { wh: 402_100, tempC: 58.5 },
  },
  event: {
    v: 1,
    id: '0b6f3c1e-6a3d-4c5e-9b1a-2f4d5e6a7b8c',
    ts: '2024-05-01T10:15:04.000Z',
    type: 'device.status',
    deviceId: 'bat1',
    deviceType: 'battery',
    from: 'Laden',
    to: 'Fout',
    error: { code: '101', text: 'Celtemperatuur van de batterij te hoog' },
  },
  config: {
    v: 1,
    version: 7,
    issuedAt: '2024-05-01T09:00:00.000Z',
    config: {
      liveIntervalS: 5,
      p1: { enabled: true, path: '/dev/ttyUSB0' },
      modbus: {
        devices: [
          {
            id: 'inv1',
            type: 'inverter',
            driver: 'sunspec',
            endpoint: { transport: 'tcp', host: '192.168.1.40', port: 502 },
            unitId: 1,
          },
          {
            id: 'bat1',
            type: 'battery',
            driver: 'ilubat',
            endpoint: { transport: 'rtu', path: '/dev/ttyS1', baudRate: 9600, parity: 'none' },
            unitId: 2,
          },
        ],
      },
      controllers: { peakShaving: { enabled: true, thresholdW: 2500, reservePct: 20 } },
    },
  },
  configAck: { v: 1, version: 7, ok: true, ts: '2024-05-01T09:00:01.000Z' },
  cmdReq: {
    v: 1,
    id: '5d2c9a8e-1f3b-4e7a-8c6d-9e0f1a2b3c4d',
    name: 'modbus.read',
    args: { deviceId: 'inv1', unit: 1, address: 40000, count: 2, kind: 'holding' },
    issuedAt: '2024-05-01T10:00:00.000Z',
    expiresAt: '2024-05-01T10:05:00.000Z',
  },
  cmdRes: {
    v: 1,
    id: '5d2c9a8e-1f3b-4e7a-8c6d-9e0f1a2b3c4d',
    ok: true,
    name: 'modbus.read',
    result: { registers: [21365, 28243] },
    finishedAt: '2024-05-01T10:00:00.350Z',
  },
  ota: {
    v: 1,
    id: '0b7e4f1c-2d3a-4c5b-9e8f-1a2b3c4d5e6f',
    rolloutId: 'ro-2024-05-a',
    version: '1.5.0',
    url: 'https://firmware.ilumen.be/gateway/1.5.0.tar.gz',
    sizeBytes: 18_345_112,
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    signature: `${'A'.repeat(86)}==`,
    issuedAt: '2024-05-01T08:00:00.000Z',
    expiresAt: '2024-05-01T09:00:00.000Z',
  },
  otaStatus: {
    v: 1,
    rolloutId: 'ro-2024-05-a',
    version: '1.5.0',
    ts: '2024-05-01T08:01:10.000Z',
    step: 'downloading',
    progressPct: 42.5,
  },
} as const satisfies { [K in TopicKind]: PayloadInput<K> };
