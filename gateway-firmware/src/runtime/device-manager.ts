import type { ModbusEndpoint } from '@ilumen/mqtt-contract';
import type { DeviceConfig } from '../config/config-schema';
import { DeviceMonitor, type PollOutcome } from '../devices/device-monitor';
import type { AnyDeviceHandle, DriverName } from '../devices/driver';
import { driverByName } from '../devices/registry';
import { type ScanResult, scan } from '../devices/scan';
import { describeError, GATEWAY_ERROR } from '../devices/status/error-codes';
import type { ModbusConnectionInput, ModbusTimingInput } from '../modbus/connection-config';
import { connectionId, modbusConnectionSchema } from '../modbus/connection-config';
import { createModbusBus, type ModbusBus } from '../modbus/modbus-bus';
import type { ModbusTransport } from '../modbus/transport';
import type { Clock, ClockTimer } from './clock';
import type { EmitEvent } from './event-sink';
import type { Logger } from './logger';
import type { DeviceSample, SiteData } from './site-data';

export interface DeviceManagerOptions {
  clock: Clock;
  logger: Logger;
  site: SiteData;
  emit: EmitEvent;
  /** Poll interval (clock seconds) of devices that do not set their own. */
  defaultPollS: number;
  timing?: ModbusTimingInput;
  /** Timing for `scan`: short timeouts, no retries (most unit ids answer nothing). */
  scanTiming?: ModbusTimingInput;
  /** Every successful poll, after SiteData is updated (charge sessions use it). */
  onReading?: (sample: DeviceSample) => void;
}

/** The contract's endpoint (as config and commands write it) → the Modbus layer's connection. */
export function toConnection(endpoint: ModbusEndpoint): ModbusConnectionInput {
  return endpoint.transport === 'tcp'
    ? { kind: 'tcp', host: endpoint.host, port: endpoint.port }
    : {
        kind: 'rtu',
        path: endpoint.path,
        baudRate: endpoint.baudRate,
        parity: endpoint.parity,
        dataBits: endpoint.dataBits,
        stopBits: endpoint.stopBits,
      };
}

/** Config names a driver family and a device type; the device layer has one driver per pair. */
export function driverFor(device: Pick<DeviceConfig, 'driver' | 'type'>): DriverName {
  switch (device.driver) {
    case 'sunspec':
      return device.type === 'battery' ? 'sunspec-battery' : 'sunspec-inverter';
    case 'huawei-sun2000':
      return device.type === 'battery' ? 'huawei-sun2000-battery' : 'huawei-sun2000';
    default:
      return device.driver;
  }
}

interface Polled {
  config: DeviceConfig;
  key: string;
  monitor: DeviceMonitor;
  running: boolean;
  sleeping: ClockTimer | undefined;
  wake: (() => void) | undefined;
  loop: Promise<void>;
}

interface PollWaiter {
  after: number;
  resolve(): void;
}

/**
 * The configured Modbus devices: one bus per endpoint (units on one RS-485 line or one TCP device share it, as the
 * wire requires), one DeviceMonitor and poll loop per device. Readings go to SiteData; status and link changes go
 * out as events. Reconfiguring keeps devices whose config did not change polling without a gap.
 */
export class DeviceManager {
  private readonly buses = new Map<string, ModbusBus>();
  private readonly polled = new Map<string, Polled>();
  private waiters: PollWaiter[] = [];
  private stopped = false;

  constructor(private readonly options: DeviceManagerOptions) {}

  async configure(devices: readonly DeviceConfig[]): Promise<void> {
    const wanted = new Map(devices.map((d) => [d.id, d]));
    for (const [id, p] of this.polled) {
      const next = wanted.get(id);
      if (!next || JSON.stringify(next) !== JSON.stringify(p.config)) await this.remove(id);
    }
    for (const device of devices) {
      if (!this.polled.has(device.id)) this.add(device);
    }
    this.options.site.pollIntervalMs =
      Math.max(this.options.defaultPollS, ...devices.map((d) => d.pollIntervalS ?? 0)) * 1000;
    await this.closeUnusedBuses();
  }

  configured(): DeviceConfig[] {
    return [...this.polled.values()].map((p) => p.config);
  }

  /** The device's handle, once it has been detected (null while offline or unknown). */
  handle(deviceId: string): AnyDeviceHandle | null {
    return this.polled.get(deviceId)?.monitor.handle ?? null;
  }

  config(deviceId: string): DeviceConfig | undefined {
    return this.polled.get(deviceId)?.config;
  }

  /** A transport to any unit on an endpoint, sharing the configured device's bus when there is one. */
  transport(endpoint: ModbusEndpoint, unitId: number): ModbusTransport {
    return this.bus(endpoint).unit(unitId);
  }

  /** Probes unit ids on an endpoint with every driver (a configured bus is shared: one connection per device). */
  async scan(endpoint: ModbusEndpoint, unitIds: readonly number[]): Promise<ScanResult> {
    const key = connectionId(modbusConnectionSchema.parse(toConnection(endpoint)));
    const shared = this.buses.get(key);
    const bus =
      shared ??
      createModbusBus({
        connection: toConnection(endpoint),
        timing: this.options.scanTiming ?? { timeoutMs: 500, retries: 0, reconnectDelayMs: 200 },
      });
    try {
      return await scan((id) => bus.unit(id), { unitIds });
    } finally {
      if (!shared) await bus.close();
    }
  }

  /**
   * Resolves when every online device has been read at or after `after` (clock ms), or after `timeoutMs` of clock
   * time: what the energy publisher waits for so counters are taken as close to the boundary as polling allows.
   */
  polledAfter(after: number, timeoutMs: number): Promise<void> {
    if (this.allPolledAfter(after)) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: ClockTimer | undefined;
      const waiter: PollWaiter = {
        after,
        resolve: () => {
          timer?.cancel();
          resolve();
        },
      };
      timer = this.options.clock.setTimer(timeoutMs, () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      });
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const id of [...this.polled.keys()]) await this.remove(id);
    for (const w of this.waiters.splice(0)) w.resolve();
    await Promise.all([...this.buses.values()].map((b) => b.close()));
    this.buses.clear();
  }

  private bus(endpoint: ModbusEndpoint): ModbusBus {
    const connection = toConnection(endpoint);
    const key = connectionId(modbusConnectionSchema.parse(connection));
    let bus = this.buses.get(key);
    if (!bus) {
      const log = this.options.logger.child({ bus: key });
      bus = createModbusBus({
        connection,
        timing: this.options.timing,
        onEvent: (e) => {
          if (e.type === 'retry') return;
          log.info({ event: e.type, ...('reason' in e ? { reason: e.reason } : {}) }, 'modbus bus');
        },
      });
      this.buses.set(key, bus);
    }
    return bus;
  }

  private add(config: DeviceConfig): void {
    const transport = this.bus(config.endpoint).unit(config.unitId);
    const monitor = new DeviceMonitor({
      deviceId: config.id,
      driver: driverByName(driverFor(config)),
      transport,
      now: () => new Date(this.options.clock.now()),
    });
    this.options.site.devices.set(config.id, {
      config,
      link: 'unknown',
      status: null,
      reading: null,
      readAt: null,
    });
    const p: Polled = {
      config,
      key: connectionId(modbusConnectionSchema.parse(toConnection(config.endpoint))),
      monitor,
      running: true,
      sleeping: undefined,
      wake: undefined,
      loop: Promise.resolve(),
    };
    p.loop = this.pollLoop(p);
    this.polled.set(config.id, p);
  }

  private async remove(id: string): Promise<void> {
    const p = this.polled.get(id);
    if (!p) return;
    p.running = false;
    p.sleeping?.cancel();
    p.wake?.();
    await p.loop;
    this.polled.delete(id);
    this.options.site.devices.delete(id);
  }

  private async closeUnusedBuses(): Promise<void> {
    const used = new Set([...this.polled.values()].map((p) => p.key));
    for (const [key, bus] of this.buses) {
      if (!used.has(key)) {
        this.buses.delete(key);
        await bus.close();
      }
    }
  }

  private async pollLoop(p: Polled): Promise<void> {
    const intervalMs = (p.config.pollIntervalS ?? this.options.defaultPollS) * 1000;
    while (p.running && !this.stopped) {
      let outcome: PollOutcome;
      try {
        outcome = await p.monitor.poll();
      } catch (err) {
        // DeviceMonitor never throws by contract; if it ever does, keep the loop alive
        this.options.logger.error({ err, deviceId: p.config.id }, 'device poll failed');
        outcome = { reading: null, link: p.monitor.link, changes: [] };
      }
      if (!p.running) break;
      this.record(p, outcome);
      await new Promise<void>((resolve) => {
        p.wake = resolve;
        p.sleeping = this.options.clock.setTimer(intervalMs, resolve);
      });
      p.wake = undefined;
      p.sleeping = undefined;
    }
  }

  private record(p: Polled, outcome: PollOutcome): void {
    const { config } = p;
    const now = this.options.clock.now();
    const sample = this.options.site.devices.get(config.id);
    if (!sample) return;
    sample.link = outcome.link;
    sample.status = p.monitor.status;
    if (outcome.reading) {
      sample.reading = outcome.reading;
      sample.readAt = now;
    }
    for (const c of outcome.changes) {
      this.options.emit({
        type: 'device.status',
        deviceId: c.deviceId,
        deviceType: c.deviceType,
        from: c.from,
        to: c.to,
        ...(c.error ? { error: { code: String(c.error.code), text: c.error.text } } : {}),
      } as Parameters<EmitEvent>[0]);
    }
    const link = outcome.linkChange;
    if (link) {
      this.options.logger.info(
        { deviceId: config.id, from: link.from, to: link.to, reason: link.reason },
        'device link',
      );
      if (config.type === 'inverter') {
        // inverters have no manual statuses: their link is their status (OK / Fout)
        const lost = describeError(GATEWAY_ERROR.communicationLost);
        this.options.emit({
          type: 'device.status',
          deviceId: config.id,
          deviceType: 'inverter',
          from: link.from === 'unknown' ? null : link.from === 'online' ? 'OK' : 'Fout',
          to: link.to === 'online' ? 'OK' : 'Fout',
          ...(link.to === 'online' ? {} : { error: { code: String(lost.code), text: lost.text } }),
        });
      }
      if (link.to === 'offline') {
        this.options.emit({
          type: 'modbus.error',
          deviceId: config.id,
          unitId: config.unitId,
          code:
            link.reason?.includes('timed out') || link.reason?.includes('no answer')
              ? 'timeout'
              : link.reason?.includes('answers, but not as') || link.reason?.includes('expected serial')
                ? 'wrong_device'
                : 'disconnected',
          message: (link.reason ?? 'device stopped answering').slice(0, 500),
        });
      }
    }
    if (outcome.reading) this.options.onReading?.(sample);
    if (this.waiters.length > 0) {
      const done = this.waiters.filter((w) => this.allPolledAfter(w.after));
      this.waiters = this.waiters.filter((w) => !done.includes(w));
      for (const w of done) w.resolve();
    }
  }

  private allPolledAfter(after: number): boolean {
    for (const p of this.polled.values()) {
      const s = this.options.site.devices.get(p.config.id);
      if (p.monitor.link === 'offline') continue;
      if (!s || s.readAt === null || s.readAt < after) return false;
    }
    return true;
  }
}
