import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GatewayConfigInput, gatewayConfigSchema } from '../../src/config/config-schema';
import type { Clock } from '../../src/runtime/clock';
import { GatewayRuntime, type GatewayRuntimeOptions } from '../../src/runtime/gateway-runtime';
import { silentLogger } from '../../src/runtime/logger';
import { LOOPBACK_TIMING } from '../../src/sim/modbus/loopback';
import { SimulatedSite, type SiteProfile } from '../../src/sim/site/simulated-site';

/** A home with only a meter (and whatever devices `profile` adds), stepping on `clock`. */
export async function meterOnlySite(
  clock: Clock,
  profile: Partial<SiteProfile> = {},
  telegramEveryMs = 5000,
  tickMs = 60_000,
) {
  return SimulatedSite.create({
    profile: {
      seed: 7,
      pvKwp: 0,
      battery: null,
      ev: null,
      boiler: null,
      phases: 3,
      householdSize: 1,
      gas: true,
      ...profile,
    },
    clock,
    telegramEveryMs,
    tickMs,
  });
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'gw-test-'));
}

/** A gateway runtime for `site`, on `clock`, talking to `brokerUrl` as `serial`. */
export function gatewayFor(
  site: SimulatedSite,
  o: {
    serial: string;
    password: string;
    brokerUrl: string;
    clock: Clock;
    dataDir: string;
    config?: Partial<GatewayConfigInput>;
    runtime?: Partial<GatewayRuntimeOptions>;
  },
): GatewayRuntime {
  const config = gatewayConfigSchema.parse({
    version: 2,
    serial: o.serial,
    mqtt: { url: o.brokerUrl, password: o.password, reconnectMs: 200 },
    p1: { enabled: true, path: 'sim' },
    modbus: { devices: site.gatewayDevices(), pollIntervalS: 2 },
    liveIntervalS: 5,
    dataDir: o.dataDir,
    ...o.config,
  });
  return new GatewayRuntime({
    config,
    clock: o.clock,
    logger: silentLogger(),
    openP1Port: () => site.port.open,
    modbusTiming: LOOPBACK_TIMING,
    ...o.runtime,
  });
}
