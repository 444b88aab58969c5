import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPayloadSchema } from '@ilumen/mqtt-contract';
import { examplePayloads } from '@ilumen/mqtt-contract/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { DesiredConfigStore, overlayDesired } from './desired-config';
import { checkConfig, loadConfigFile } from './load-config';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gwcfg-'));
  dirs.push(d);
  return d;
}

const v2 = {
  version: 2,
  serial: 'ILS-24A00017',
  mqtt: { url: 'mqtt://127.0.0.1:1883', password: 'secret' },
  p1: { enabled: true, path: '/dev/ttyUSB0' },
  modbus: {
    devices: [
      {
        id: 'bat1',
        type: 'battery',
        driver: 'ilubat',
        endpoint: { transport: 'tcp', host: '192.168.1.50' },
        unitId: 1,
      },
    ],
  },
  dataDir: 'data',
};

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('gateway config file', () => {
  it('reads a v2 file, fills defaults and makes paths absolute from the file', () => {
    const dir = tempDir();
    const path = join(dir, 'gateway.json');
    writeFileSync(path, JSON.stringify(v2));
    const { config, fileVersion, migrations } = loadConfigFile(path);
    expect(fileVersion).toBe(2);
    expect(migrations).toEqual([]);
    expect(config.dataDir).toBe(join(dir, 'data'));
    expect(config.liveIntervalS).toBe(5);
    expect(config.mqtt.keepaliveS).toBe(30);
    expect(config.modbus.devices[0]?.endpoint).toEqual({ transport: 'tcp', host: '192.168.1.50', port: 502 });
    expect(config.outbox.maxBytes).toBe(16 * 1024 * 1024);
  });

  it('migrates a v1 file to the current layout', () => {
    const v1 = {
      version: 1,
      serial: 'ILS-24A00017',
      broker: { host: 'broker.ilumen.be', port: 8883, tls: true, password: 'secret' },
      p1Port: null,
      devices: v2.modbus.devices,
      liveIntervalMs: 10_000,
      dataDir: '/var/lib/ilumen',
    };
    const { config, fileVersion, migrations } = checkConfig(v1, 'v1.json');
    expect(fileVersion).toBe(1);
    expect(migrations).toHaveLength(1);
    expect(config.mqtt.url).toBe('mqtts://broker.ilumen.be:8883');
    expect(config.p1).toEqual({ enabled: false });
    expect(config.liveIntervalS).toBe(10);
    expect(config.modbus.devices).toHaveLength(1);
  });

  it('refuses a bad file with every problem listed, each with its path', () => {
    const bad = {
      ...v2,
      serial: 'ils-1',
      liveIntervalS: 0,
      livIntervalS: 5,
      p1: { enabled: true },
      mqtt: { url: 'http://x', password: 'x' },
      modbus: {
        devices: [v2.modbus.devices[0], { ...v2.modbus.devices[0], driver: 'iluheat' }],
      },
    };
    const problems = problemsOf(() => checkConfig(bad, 'bad.json'));
    const text = problems.join('\n');
    expect(text).toMatch(/^serial: gateway serial must be/m);
    expect(text).toMatch(/^liveIntervalS: /m);
    expect(text).toMatch(/Unrecognized key.*livIntervalS/);
    expect(text).toMatch(/^p1\.path: path is required/m);
    expect(text).toMatch(/^mqtt\.url: must be an mqtt/m);
    expect(text).toMatch(/^modbus\.devices\[1\]\.id: duplicate device id bat1/m);
    expect(text).toMatch(/^modbus\.devices\[1\]\.driver: driver iluheat does not read a battery/m);
    expect(problems.length).toBeGreaterThanOrEqual(7);
  });

  it('says what is wrong with a file that is not JSON, missing, or from the future', () => {
    const dir = tempDir();
    const path = join(dir, 'g.json');
    writeFileSync(path, '{ "version": 2, ');
    expect(problemsOf(() => loadConfigFile(path))[0]).toMatch(/not valid JSON/);
    expect(problemsOf(() => loadConfigFile(join(dir, 'none.json')))[0]).toMatch(/cannot read the file/);
    expect(problemsOf(() => checkConfig({ ...v2, version: 9 }, 'x'))[0]).toMatch(/newer than this firmware/);
    expect(
      problemsOf(() => checkConfig({ ...v2, mqtt: { ...v2.mqtt, tls: { caFile: '/nope/ca.pem' } } }, 'x'))[0],
    ).toMatch(/mqtt\.tls\.caFile: file not found/);
    const error = (() => {
      try {
        checkConfig({ version: 1 }, 'old.json');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/^old\.json: \d+ problems:\n {2}- \(layout 1\) serial/);
  });
});

describe('desired config from the platform', () => {
  const base = checkConfig(v2, 'x').config;
  const desired = configPayloadSchema.parse(examplePayloads.config);

  it("keeps the box's own P1 port path when the platform only switches P1 on", () => {
    const r = overlayDesired(base, { p1: { enabled: true } });
    expect(r).toMatchObject({ ok: true, config: { p1: { enabled: true, path: '/dev/ttyUSB0' } } });
    const moved = overlayDesired(base, { p1: { enabled: true, path: '/dev/ttyAMA0' } });
    expect(moved).toMatchObject({ ok: true, config: { p1: { path: '/dev/ttyAMA0' } } });
  });

  it('overlays devices, controllers and the live interval, keeping identity and broker', () => {
    const r = overlayDesired(base, desired.config);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.serial).toBe(base.serial);
    expect(r.config.mqtt).toEqual(base.mqtt);
    expect(r.config.modbus.devices.map((d) => d.id)).toEqual(['inv1', 'bat1']);
    expect(r.config.controllers.peakShaving).toMatchObject({ enabled: true, thresholdW: 2500 });
  });

  it('refuses a desired config that would not make a valid gateway config, with the reasons', () => {
    const dup = desired.config.modbus!.devices[0]!;
    const r = overlayDesired(base, { modbus: { devices: [dup, dup] } });
    expect(r).toMatchObject({ ok: false });
    if (r.ok) return;
    expect(r.problems.join('\n')).toMatch(/duplicate device id inv1/);
    const checked = overlayDesired(base, { controllers: { x: { enabled: true } } }, () => [
      'controllers.x: unknown',
    ]);
    expect(checked).toEqual({ ok: false, problems: ['controllers.x: unknown'] });
  });

  it('persists the applied desired config and reads it back', () => {
    const store = new DesiredConfigStore(tempDir());
    expect(store.load()).toEqual({});
    store.save(desired);
    expect(store.load().payload?.version).toBe(7);
    writeFileSync(store.path, '{"v":1');
    expect(store.load().problem).toMatch(/desired-config\.json/);
  });
});
