import { join } from 'node:path';
import type { ConfigPayload } from '@ilumen/mqtt-contract';
import { type GatewayConfig, mqttClientId, mqttUsername } from '../config/config-schema';
import { DesiredConfigStore, overlayDesired } from '../config/desired-config';
import { ControlLoop } from '../control/control-loop';
import {
  CONTROLLERS,
  type ControllerFactory,
  checkControllerSettings,
  createControllers,
  DEFAULT_CONTROLLERS,
} from '../control/controller-registry';
import { solarSurplusW } from '../control/controllers/charging';
import { buildSiteState } from '../control/site-state';
import type { ModbusTimingInput } from '../modbus/connection-config';
import { CommandDispatcher } from '../mqtt/command-dispatcher';
import { type ApplyResult, ConfigSync } from '../mqtt/config-sync';
import { GatewayMqtt, type GatewayMqttOptions } from '../mqtt/gateway-mqtt';
import { Outbox } from '../mqtt/outbox';
import { OtaAgent, type OtaAgentOptions } from '../ota/ota-agent';
import { runtimeProbe } from '../ota/runtime-probe';
import type { OpenP1Port } from '../p1/p1-port';
import { serialP1Port } from '../p1/serial-port';
import { ChargeSessions, withChargeSessions } from './charge-sessions';
import { type Clock, every } from './clock';
import { createCommandHandlers } from './command-handlers';
import { DeviceManager } from './device-manager';
import { EnergyPublisher } from './energy-publisher';
import { EnergySeq } from './energy-seq';
import { createEventSink, type EmitEvent } from './event-sink';
import { FIRMWARE_VERSION } from './firmware-info';
import { buildLivePayload } from './live-payload';
import type { LogRing } from './log-ring';
import type { Logger } from './logger';
import { P1Source } from './p1-source';
import { SiteData } from './site-data';
import { StatusBoard } from './status-board';

export interface GatewayRuntimeOptions {
  /** The config file's content (checked); the platform's desired config is laid over it. */
  config: GatewayConfig;
  clock: Clock;
  logger: Logger;
  /** How a P1 path becomes a port; the simulator passes an in-memory meter. Default: the serial port. */
  openP1Port?: (path: string) => OpenP1Port;
  modbusTiming?: ModbusTimingInput;
  firmwareVersion?: string;
  /**
   * A `reboot` command (after its answer is on its way), or an update switching versions: the host stops the runtime
   * and starts it again (on the box: exit, and the supervisor starts the launcher).
   */
  onRestartRequested?: (delayS: number, reason?: 'reboot' | 'update') => void;
  /** The logger's last lines, for support's `log.tail` (main keeps them; tests and the simulator may not). */
  logs?: LogRing;
  /** Where the OTA slots live (default `<dataDir>/firmware`) and the updater's timing (tests, the simulator). */
  otaRoot?: string;
  ota?: Pick<OtaAgentOptions, 'healthTimeoutMs' | 'healthCheckEveryMs' | 'maxInstructionAgeMs' | 'download'>;
  /** Controller registry; tests add their own. */
  controllers?: Record<string, ControllerFactory>;
  /** Clock ms the energy message waits for the boundary's telegram and polls. */
  energyWaitMs?: number;
  /** The control cycle, clock ms (default 1000). */
  controlPeriodMs?: number;
  /** Told of each QoS 1 message once it is in the outbox (the simulator's journal of what it produced). */
  onBuffered?: GatewayMqttOptions['onBuffered'];
}

export type RuntimeState = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * One gateway: P1, Modbus devices, the control loop and the MQTT session, started in that order and stopped in
 * reverse. `main.ts` runs one on the box; the simulator runs many in one process.
 */
export class GatewayRuntime {
  readonly site = new SiteData();
  readonly outbox: Outbox;
  readonly mqtt: GatewayMqtt;
  readonly devices: DeviceManager;
  readonly control: ControlLoop;
  readonly energy: EnergyPublisher;
  readonly configSync: ConfigSync;
  readonly commands: CommandDispatcher;
  readonly emit: EmitEvent;
  /** The updater: `ota` instructions, A/B slots, the new version's health check and rollback. */
  readonly ota: OtaAgent;
  /** Open charge sessions and their mode (for tests and support). */
  readonly sessions: ChargeSessions;
  /** Every device's current status, sent in the retained `state` (decision 071). */
  readonly statuses: StatusBoard;
  private readonly desired: DesiredConfigStore;
  private readonly registry: Record<string, ControllerFactory>;
  private readonly log: Logger;
  private p1: P1Source | null = null;
  private effective: GatewayConfig;
  private liveTicker: { stop(): void } | undefined;
  private state_: RuntimeState = 'new';
  private readonly startedAt: number;

  constructor(private readonly options: GatewayRuntimeOptions) {
    const { config, clock, logger } = options;
    this.log = logger;
    this.registry = options.controllers ?? CONTROLLERS;
    this.startedAt = clock.now();
    this.desired = new DesiredConfigStore(config.dataDir);
    const loaded = this.desired.load();
    if (loaded.problem) logger.warn({ problem: loaded.problem }, 'stored desired config ignored');
    this.effective = config;
    let appliedVersion: number | undefined;
    if (loaded.payload) {
      const r = overlayDesired(config, loaded.payload.config, (c) =>
        checkControllerSettings(c.controllers, this.registry),
      );
      if (r.ok) {
        this.effective = r.config;
        appliedVersion = loaded.payload.version;
        logger.info({ version: appliedVersion }, 'desired config from the platform restored');
      } else {
        logger.warn(
          { problems: r.problems },
          'stored desired config no longer fits the file config; using the file',
        );
      }
    }

    this.outbox = Outbox.open(join(config.dataDir, 'outbox'), {
      maxBytes: config.outbox.maxBytes,
      segmentBytes: config.outbox.segmentBytes,
      onWarning: (m) => logger.warn(m),
    });
    this.mqtt = new GatewayMqtt({
      serial: config.serial,
      url: config.mqtt.url,
      username: mqttUsername(config),
      password: config.mqtt.password,
      clientId: mqttClientId(config),
      keepaliveS: config.mqtt.keepaliveS,
      sessionExpiryS: config.mqtt.sessionExpiryS,
      reconnectMs: config.mqtt.reconnectMs,
      tls: config.mqtt.tls,
      outbox: this.outbox,
      logger: logger.child({ part: 'mqtt' }),
      now: () => clock.now(),
      ...(options.onBuffered ? { onBuffered: options.onBuffered } : {}),
      onlineState: () => ({
        firmwareVersion: this.ota.runningVersion(),
        hardwareRevision: config.hardwareRevision,
        uptimeS: Math.max(0, Math.floor((clock.now() - this.startedAt) / 1000)),
        devices: this.statuses.list(),
      }),
      onMessage: (decoded, raw) => {
        const kind = decoded.ok ? decoded.kind : decoded.kind;
        if (kind === 'config') void this.configSync.handle(decoded, raw);
        else if (kind === 'cmdReq') void this.commands.handle(decoded, raw);
        else if (kind === 'ota') void this.ota.handle(decoded, raw);
        else
          logger.warn(
            { reason: decoded.ok ? `unexpected ${decoded.kind}` : decoded.reason },
            'message ignored',
          );
      },
    });
    this.statuses = new StatusBoard(() => this.mqtt.publishState());
    this.emit = createEventSink(
      clock,
      (p) => {
        this.mqtt.enqueue('event', p);
        this.statuses.record(p);
      },
      logger,
    );
    this.sessions = new ChargeSessions({
      emit: this.emit,
      now: () => clock.now(),
      dataDir: config.dataDir,
      surplusW: (chargerId, chargerW) =>
        solarSurplusW(buildSiteState(this.site, clock.now()), { id: chargerId, w: chargerW }),
    });
    this.devices = new DeviceManager({
      clock,
      logger: logger.child({ part: 'modbus' }),
      site: this.site,
      emit: this.emit,
      defaultPollS: config.modbus.pollIntervalS,
      timing: options.modbusTiming,
      onReading: (sample) => this.sessions.onReading(sample),
    });
    this.control = new ControlLoop({
      clock,
      logger: logger.child({ part: 'control' }),
      emit: this.emit,
      state: (now) => withChargeSessions(buildSiteState(this.site, now), this.sessions),
      handleOf: (id) => this.devices.handle(id),
      periodMs: options.controlPeriodMs,
    });
    this.energy = new EnergyPublisher({
      clock,
      site: this.site,
      p1: () => this.p1,
      devices: this.devices,
      seq: new EnergySeq(config.dataDir),
      publish: (payload) => this.mqtt.enqueue('energy', payload),
      logger: logger.child({ part: 'energy' }),
      waitMs: options.energyWaitMs,
    });
    this.configSync = new ConfigSync({
      appliedVersion,
      apply: (payload) => this.applyDesired(payload),
      ack: (ack) => this.mqtt.enqueue('configAck', ack),
      now: () => clock.now(),
      logger: logger.child({ part: 'config' }),
    });
    this.commands = new CommandDispatcher({
      handlers: createCommandHandlers({
        p1: () => this.p1,
        devices: this.devices,
        sessions: this.sessions,
        ...(options.logs ? { logs: options.logs } : {}),
        now: () => clock.now(),
        requestRestart: (delayS) =>
          clock.setTimer(delayS * 1000, () => {
            if (options.onRestartRequested) options.onRestartRequested(delayS);
            else logger.warn('restart requested, but this host cannot restart the gateway');
          }),
      }),
      now: () => clock.now(),
      respond: (res) => this.mqtt.enqueue('cmdRes', res),
      logger: logger.child({ part: 'commands' }),
      timeoutMs: (name) => (name === 'modbus.scan' ? 10 * 60_000 : 30_000),
    });
    this.ota = new OtaAgent({
      root: options.otaRoot ?? join(config.dataDir, 'firmware'),
      serial: config.serial,
      hardwareRevision: config.hardwareRevision,
      publicKey: config.ota.publicKey,
      factoryVersion: options.firmwareVersion ?? FIRMWARE_VERSION,
      clock,
      logger: logger.child({ part: 'ota' }),
      report: (status) => this.mqtt.enqueue('otaStatus', status),
      probe: runtimeProbe({ site: this.site, mqtt: this.mqtt, control: this.control, clock }),
      restart: () => {
        if (options.onRestartRequested) options.onRestartRequested(0, 'update');
        else logger.warn('an update wants a restart, but this host cannot restart the gateway');
      },
      ...options.ota,
    });
  }

  get state(): RuntimeState {
    return this.state_;
  }

  /** The config running now: the file's, with the platform's desired sections over it. */
  get config(): GatewayConfig {
    return this.effective;
  }

  get serial(): string {
    return this.options.config.serial;
  }

  p1Stats() {
    return this.p1?.stats() ?? null;
  }

  /** Start order: P1 → Modbus devices → control loop → MQTT (with the live and energy schedules). */
  async start(): Promise<void> {
    if (this.state_ !== 'new') throw new Error(`cannot start a runtime that is ${this.state_}`);
    this.state_ = 'starting';
    const c = this.effective;
    this.startP1(c);
    await this.devices.configure(c.modbus.devices);
    this.setControllers(c);
    this.control.start();
    this.startLive(c.liveIntervalS);
    this.energy.start();
    this.mqtt.start();
    this.ota.start();
    this.state_ = 'running';
    this.log.info(
      {
        p1: c.p1.enabled ? c.p1.path : 'disabled',
        devices: c.modbus.devices.map((d) => d.id),
        controllers: this.control.controllerNames,
        outboxPending: this.outbox.size,
      },
      'gateway started',
    );
  }

  /**
   * Reverse order under a deadline (real ms): stop taking in (live, energy, control), send what is buffered and say
   * goodbye on MQTT, then close the devices and the P1 port. Whatever is not sent stays in the outbox on disk.
   */
  async stop(deadlineMs = 10_000, reason: 'shutdown' | 'reboot' | 'update' = 'shutdown'): Promise<void> {
    if (this.state_ === 'stopped' || this.state_ === 'stopping') return;
    this.state_ = 'stopping';
    this.ota.stop();
    const started = Date.now();
    const left = () => Math.max(100, deadlineMs - (Date.now() - started));
    this.liveTicker?.stop();
    this.energy.stop();
    this.control.stop();
    await this.step('mqtt', () => this.mqtt.stop(left() * 0.8, reason), left());
    this.outbox.close();
    await this.step('modbus', () => this.devices.stop(), left());
    await this.step('p1', async () => this.p1?.stop(), left());
    this.state_ = 'stopped';
    this.log.info({ tookMs: Date.now() - started, outboxPending: this.outbox.size }, 'gateway stopped');
  }

  /** The platform's desired config: checked against the file's, persisted, then applied part by part. */
  async applyDesired(payload: ConfigPayload): Promise<ApplyResult> {
    const r = overlayDesired(this.options.config, payload.config, (c) =>
      checkControllerSettings(c.controllers, this.registry),
    );
    if (!r.ok) return { ok: false, error: r.problems.join('; ') };
    if (r.unconnected.length > 0)
      this.log.warn(
        { devices: r.unconnected, version: payload.version },
        'devices the platform lists without a connection this gateway knows: not polled',
      );
    try {
      this.desired.save(payload);
    } catch (err) {
      return { ok: false, error: `could not store the config: ${(err as Error).message}` };
    }
    const before = this.effective;
    const next = r.config;
    this.effective = next;
    if (JSON.stringify(before.p1) !== JSON.stringify(next.p1)) {
      await this.p1?.stop();
      this.p1 = null;
      this.startP1(next);
    }
    await this.devices.configure(next.modbus.devices);
    this.statuses.keepOnly(next.modbus.devices.map((d) => d.id));
    this.mqtt.publishState();
    this.setControllers(next);
    if (before.liveIntervalS !== next.liveIntervalS) this.startLive(next.liveIntervalS);
    return { ok: true };
  }

  private startP1(c: GatewayConfig): void {
    if (!c.p1.enabled || !c.p1.path) return;
    const open = (this.options.openP1Port ?? serialP1Port)(c.p1.path);
    this.p1 = new P1Source({
      open,
      clock: this.options.clock,
      logger: this.log,
      site: this.site,
      emit: this.emit,
    });
    this.p1.start();
  }

  private setControllers(c: GatewayConfig): void {
    const defaults = Object.entries(DEFAULT_CONTROLLERS).filter(([name]) => name in this.registry);
    const { controllers, unknown } = createControllers(
      { ...Object.fromEntries(defaults), ...c.controllers },
      this.registry,
    );
    if (unknown.length > 0) this.log.warn({ unknown }, 'configured controllers this firmware does not have');
    this.control.setControllers(controllers);
  }

  private startLive(intervalS: number): void {
    this.liveTicker?.stop();
    this.liveTicker = every(
      this.options.clock,
      Math.round(intervalS * 1000),
      (at) => {
        this.mqtt.publishLive(buildLivePayload(this.site, at));
      },
      (err) => this.log.error({ err }, 'live message failed'),
    );
  }

  private async step(name: string, fn: () => Promise<unknown>, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not stop within ${Math.round(ms)} ms`)), ms);
        }),
      ]);
    } catch (err) {
      this.log.warn({ part: name, err: (err as Error).message }, 'stop step failed');
    } finally {
      clearTimeout(timer);
    }
  }
}
