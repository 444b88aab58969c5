import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GatewayConfigInput, gatewayConfigSchema } from '../../config/config-schema';
import type { ModbusTimingInput } from '../../modbus/connection-config';
import { type Clock, ScaledClock } from '../../runtime/clock';
import { GatewayRuntime, type GatewayRuntimeOptions } from '../../runtime/gateway-runtime';
import { LogRing, ringLogger } from '../../runtime/log-ring';
import { type Logger, silentLogger } from '../../runtime/logger';
import { LOOPBACK_TIMING } from '../modbus/loopback';
import { journal, recoverJournal } from './journal';
import { SimulatedSite, type SiteProfile, savedSimTime, siteProfile } from './simulated-site';

export interface SimCredentials {
  /** Defaults to the serial (the broker ACL keys the topic root on it). */
  username?: string;
  password: string;
}

export interface SimulationOptions {
  gateways: number;
  /** Simulated seconds per real second (1 = real time, 60 = an hour a minute, 1440 = a day a minute). */
  speed: number;
  brokerUrl: string;
  /** The CA the broker's TLS certificate must be signed by (an `mqtts://` broker with a CA of its own). */
  brokerCaFile?: string;
  /** Each gateway's broker credentials (a password is required by the broker's config; any works on an open one). */
  credentials?: (serial: string) => SimCredentials;
  /** Simulated start instant; default now. */
  start?: Date | number;
  /** Varies the homes; the same seed plays the same homes and weather. */
  seed?: number;
  /**
   * Outboxes, energy sequence and desired config per gateway; default a temporary directory removed on stop. A given
   * data dir also keeps each home's meter and device counters (saved at every quarter boundary): a simulator started
   * again on it continues the simulated time and the counters from the last saved boundary, as real meters would.
   */
  dataDir?: string;
  /**
   * Keep `<dataDir>/<serial>/produced.jsonl`: one line per energy boundary and charge-session start or stop, written
   * once the message is in the gateway's outbox — what the platform must end up with (the chaos test reads it).
   */
  journal?: boolean;
  liveIntervalS?: number;
  /** Serials are `<prefix><5-digit index>`, e.g. ILS-SIM00001. */
  serialPrefix?: string;
  /** Per-site overrides of the generated home. */
  profile?: (index: number, generated: SiteProfile) => SiteProfile;
  /** The EAN each home's meter reports (the address's own, as on a real connection); default one made up from the seed. */
  meterEan?: (serial: string, index: number) => string | undefined;
  /** Extra config for every gateway (controllers…). */
  gatewayConfig?: (serial: string) => Partial<GatewayConfigInput>;
  logger?: Logger;
  /** Pass a clock to drive time yourself (tests); otherwise a ScaledClock at `speed`. */
  clock?: Clock;
  /** Meter telegram period (simulated s); default 1 s, coarser at high speed so a day stays cheap. */
  telegramIntervalS?: number;
  /** Device poll period (simulated s); default 2 s, coarser at high speed. */
  pollIntervalS?: number;
  /** Control cycle (simulated ms); default 1 s, coarser at high speed. */
  controlPeriodMs?: number;
  /**
   * The gateways' Modbus timing (real ms); default quick loopback timing. Many homes in one busy process can need
   * more: their event loop, not the wire, decides how soon an answer is read.
   */
  modbusTiming?: ModbusTimingInput;
  /** The updater's timing (simulated ms): a loaded machine's stalls pass as minutes of simulated time at speed. */
  ota?: GatewayRuntimeOptions['ota'];
}

export interface SimulatedGateway {
  readonly index: number;
  readonly serial: string;
  readonly site: SimulatedSite;
  /** The running gateway; replaced when it restarts. */
  runtime: GatewayRuntime;
  /** Stops and starts the gateway runtime as a process restart would (same data dir). */
  restart(): Promise<void>;
}

export interface Simulation {
  readonly clock: Clock;
  readonly gateways: SimulatedGateway[];
  readonly dataDir: string;
  /** Adds gateways to a running simulation (benchmarks ramp up this way). */
  addGateways(n: number): Promise<SimulatedGateway[]>;
  stop(): Promise<void>;
}

/** Divisors of 15 minutes, in seconds: a telegram or poll period that keeps one landing on every boundary. */
const QUARTER_DIVISORS_S = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 45, 60, 90, 180, 300, 900];

/** The smallest quarter divisor at or above `s`. */
export function quarterDivisor(s: number): number {
  return QUARTER_DIVISORS_S.find((d) => d >= s) ?? 900;
}

/**
 * Plays N gateways in one process: each a simulated home (Modbus servers on loopback, a meter on an in-memory P1
 * port) and a full gateway runtime with its own MQTT connection and serial, all on one simulated clock that feeds
 * both the physics and the gateways. At high speed the meter, polls and control cycle run coarser in simulated time
 * (about 30 telegrams, 4 polls and 20 cycles per real second per gateway, never coarser than one a minute) so a day
 * passes in minutes on one core.
 */
export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  const speed = options.speed;
  // a simulator started again on its data dir continues where its homes' counters were saved
  const resumeAt = options.dataDir !== undefined ? savedSimTime(options.dataDir) : undefined;
  const clock =
    options.clock ??
    new ScaledClock(resumeAt ?? (options.start ? new Date(options.start).getTime() : Date.now()), speed);
  // a temporary data dir we made ourselves goes when the simulation stops; one that was given stays
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ilumen-sim-'));
  mkdirSync(dataDir, { recursive: true });
  const logger = options.logger ?? silentLogger();
  const seed = options.seed ?? 1;
  const prefix = options.serialPrefix ?? 'ILS-SIM';
  // at high speed the meter, polls and control run coarser in simulated time (never past a minute)
  const telegramS = options.telegramIntervalS ?? Math.min(60, quarterDivisor(Math.max(1, speed / 30)));
  const pollS = options.pollIntervalS ?? Math.min(60, Math.max(2, quarterDivisor(speed / 4)));
  const controlMs = options.controlPeriodMs ?? Math.min(60, Math.max(1, quarterDivisor(speed / 20))) * 1000;
  const tickMs = Math.max(1000, Math.round((speed * 20) / 1000) * 1000);
  // the energy message waits for the boundary's telegram and polls in simulated time; at high speed a busy event
  // loop can let that pass in a few real ms, so give it at least a quarter of a real second (and under a quarter)
  const energyWaitMs = Math.min(
    600_000,
    Math.max(10_000, 3 * telegramS * 1000, 2 * pollS * 1000, speed * 250, 2 * tickMs),
  );
  const timing: ModbusTimingInput = options.modbusTiming ?? LOOPBACK_TIMING;
  const gateways: SimulatedGateway[] = [];

  function runtimeFor(serial: string, site: SimulatedSite, index: number): GatewayRuntime {
    const creds = options.credentials?.(serial) ?? { password: 'sim' };
    const extra = options.gatewayConfig?.(serial) ?? {};
    const config = gatewayConfigSchema.parse({
      version: 2,
      serial,
      hardwareRevision: site.profile.hardwareRevision ?? 'SIM',
      mqtt: {
        url: options.brokerUrl,
        password: creds.password,
        ...(creds.username ? { username: creds.username } : {}),
        ...(options.brokerCaFile ? { tls: { caFile: options.brokerCaFile } } : {}),
        reconnectMs: 1000,
      },
      p1: { enabled: true, path: `sim:${serial}` },
      modbus: { devices: site.gatewayDevices(), pollIntervalS: pollS },
      liveIntervalS: options.liveIntervalS ?? 5,
      dataDir: join(dataDir, serial),
      controllers: site.profile.boiler ? { solarBoiler: { enabled: true } } : {},
      ...extra,
    });
    const gateway = gateways[index];
    const logs = new LogRing(200);
    const journalPath = join(dataDir, serial, 'produced.jsonl');
    const runtime = new GatewayRuntime({
      config,
      clock,
      logger: ringLogger(logger, serial, logs),
      logs,
      openP1Port: () => site.port.open,
      modbusTiming: timing,
      controlPeriodMs: controlMs,
      energyWaitMs,
      ...(options.ota ? { ota: options.ota } : {}),
      onRestartRequested: () => {
        void gateway?.restart();
      },
      ...(options.journal ? { onBuffered: journal(journalPath) } : {}),
    });
    if (options.journal) recoverJournal(journalPath, runtime.outbox);
    return runtime;
  }

  async function addGateways(n: number): Promise<SimulatedGateway[]> {
    const added: SimulatedGateway[] = [];
    for (let k = 0; k < n; k++) {
      const index = gateways.length;
      const serial = `${prefix}${String(index + 1).padStart(5, '0')}`;
      const generated = siteProfile(seed * 100_003 + index);
      const profile = options.profile?.(index, generated) ?? generated;
      const ean = options.meterEan?.(serial, index);
      const site = await SimulatedSite.create({
        profile,
        ...(ean ? { ean } : {}),
        clock,
        telegramEveryMs: telegramS * 1000,
        tickMs,
        ...(ownDataDir ? {} : { stateDir: join(dataDir, serial) }),
      });
      let restarting: Promise<void> | undefined;
      const g: SimulatedGateway = {
        index,
        serial,
        site,
        runtime: undefined as unknown as GatewayRuntime,
        restart() {
          restarting ??= (async () => {
            await g.runtime.stop(5000, 'reboot');
            g.runtime = runtimeFor(serial, site, index);
            await g.runtime.start();
          })().finally(() => {
            restarting = undefined;
          });
          return restarting;
        },
      };
      gateways.push(g);
      g.runtime = runtimeFor(serial, site, index);
      // the gateway first, so its P1 port is open for the meter's very first telegram
      await g.runtime.start();
      site.start();
      added.push(g);
    }
    return added;
  }

  await addGateways(options.gateways);
  logger.info(
    {
      gateways: gateways.length,
      speed,
      telegramS,
      pollS,
      controlMs,
      dataDir,
      ...(resumeAt !== undefined ? { resumedAt: new Date(resumeAt).toISOString() } : {}),
    },
    'simulation running',
  );

  return {
    clock,
    gateways,
    dataDir,
    addGateways,
    async stop() {
      await Promise.all(gateways.map((g) => g.runtime.stop(5000)));
      await Promise.all(gateways.map((g) => g.site.close()));
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
