import { Writable } from 'node:stream';
import { QUARTER_MS } from '@ilumen/mqtt-contract';
import type { P1Reading } from '@ilumen/p1';
import { parseTelegram } from '@ilumen/p1';
import { DeviceArbiter } from '../../src/control/arbiter';
import { ControlLoop } from '../../src/control/control-loop';
import type { Controller } from '../../src/control/controller';
import { buildSiteState, type ChargerSessionPlan, type SiteState } from '../../src/control/site-state';
import type { AnyDeviceHandle } from '../../src/devices/driver';
import { ILUCHARGE_HOLDING } from '../../src/devices/ilu/ilu-register-map';
import { ilubatDriver } from '../../src/devices/ilu/ilubat-driver';
import { iluchargeDriver } from '../../src/devices/ilu/ilucharge-driver';
import type { ModbusTransport } from '../../src/modbus/transport';
import { ManualClock } from '../../src/runtime/clock';
import type { EventBody } from '../../src/runtime/event-sink';
import { createGatewayLogger } from '../../src/runtime/logger';
import { SiteData } from '../../src/runtime/site-data';
import { IlubatSim } from '../../src/sim/modbus/ilubat-sim';
import { IluchargeSim, type SimCar } from '../../src/sim/modbus/ilucharge-sim';
import type { SimModbusDevice } from '../../src/sim/modbus/sim-server';
import { SimMeter } from '../../src/sim/site/sim-meter';

/*
 * A home simulated in-process for the energy-control tests and the control-cycle bench: the simulator's own iLubat
 * and iLucharge devices (register images) read and written by the real drivers through an in-memory transport,
 * the simulator's digital meter (1.4.0 running average, 1.6.0 month peak) read either through a real telegram and the
 * real parser or straight from per-phase physics, and the real ControlLoop with its arbiter — on a ManualClock the
 * test moves. No sockets, no sleeping: a month runs in seconds.
 */

const VOLTS = 230;

/** A Modbus unit answered straight from a simulated device's register image. */
export function memoryTransport(device: SimModbusDevice): ModbusTransport {
  return {
    id: `memory#${device.unitId}`,
    unitId: device.unitId,
    readHoldingRegisters: async (address, count) => device.image.read('holding', address, count),
    readInputRegisters: async (address, count) => device.image.read('input', address, count),
    writeRegister: async (address, value) => device.image.write(address, [value]),
    writeRegisters: async (address, values) => device.image.write(address, [...values]),
  };
}

export interface CarVisit {
  arrive: number;
  leave: number;
  car: SimCar;
}

export interface FastChargerOptions {
  id: string;
  /** Which of the meter's phases a single-phase car loads (0 = L1). */
  phase?: number;
  visitAt: (ms: number) => CarVisit | null;
  /** The session as `charge.start` would have asked (the `charging` controller steers only planned sessions). */
  plan?: Omit<ChargerSessionPlan, 'sessionId'>;
}

export interface FastSiteOptions {
  start: number;
  /** Physics and control step (clock ms); divides a quarter-hour. */
  stepMs: number;
  phases: 1 | 3;
  /** The household's own consumption, W, per phase (one entry per meter phase). */
  loadW: (ms: number) => number[];
  pvW?: (ms: number) => number;
  battery?: { capacityWh: number; maxW: number; socPct: number };
  chargers?: FastChargerOptions[];
  controllers: Controller[];
  /** Read the meter through a real telegram and parser (slower); else build the reading from the physics. */
  telegrams?: boolean;
  /** Receives how long each control cycle took (real ms), for the bench. */
  onCycleMs?: (ms: number) => void;
}

export interface StepRecord {
  at: number;
  /** Net grid power, W. */
  gridW: number;
  /** Signed phase currents (+ import), A. */
  phaseA: number[];
  batteryW: number;
  socPct: number | null;
  chargerA: Record<string, number>;
}

export interface QuarterRecord {
  start: number;
  importWh: number;
  loadWh: number;
  evWh: number;
  batteryDischargeWh: number;
  lowestSocPct: number;
}

export class FastSite {
  readonly clock: ManualClock;
  readonly meter: SimMeter;
  readonly battery: IlubatSim | null;
  readonly chargers: {
    options: FastChargerOptions;
    sim: IluchargeSim;
    visit: CarVisit | null;
    sessions: number;
  }[];
  readonly events: EventBody[] = [];
  readonly quarters = new Map<number, QuarterRecord>();
  readonly loop: ControlLoop;
  readonly arbiter = new DeviceArbiter();
  private readonly data = new SiteData();
  private readonly handles = new Map<string, AnyDeviceHandle>();
  private t: number;

  private constructor(private readonly o: FastSiteOptions) {
    if (QUARTER_MS % o.stepMs !== 0) throw new RangeError('stepMs must divide 15 minutes');
    this.clock = new ManualClock(o.start);
    this.t = o.start;
    this.meter = new SimMeter({ seed: 7, phases: o.phases, serial: '1FAST0001', ean: '541448800000000007' });
    this.battery = o.battery
      ? new IlubatSim({
          capacityWh: o.battery.capacityWh,
          maxChargeW: o.battery.maxW,
          maxDischargeW: o.battery.maxW,
          socPct: o.battery.socPct,
        })
      : null;
    this.chargers = (o.chargers ?? []).map((c) => ({
      options: c,
      sim: new IluchargeSim({ currentLimitA: 16 }),
      visit: null,
      sessions: 0,
    }));
    this.data.p1IntervalMs = o.stepMs;
    this.data.pollIntervalMs = o.stepMs;
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    this.loop = new ControlLoop({
      clock: this.clock,
      logger: createGatewayLogger({ level: 'warn' }, sink),
      emit: (e) => this.events.push(e),
      state: (now) => this.state(now),
      handleOf: (id) => this.handles.get(id) ?? null,
      periodMs: o.stepMs,
      arbiter: this.arbiter,
    });
    this.loop.setControllers(o.controllers);
  }

  static async create(o: FastSiteOptions): Promise<FastSite> {
    const site = new FastSite(o);
    await site.init();
    return site;
  }

  private async init(): Promise<void> {
    if (this.battery) {
      const h = await ilubatDriver.detect(memoryTransport(this.battery));
      if (!h) throw new Error('no iLubat');
      this.handles.set('bat1', h as AnyDeviceHandle);
    }
    for (const c of this.chargers) {
      const h = await iluchargeDriver.detect(memoryTransport(c.sim));
      if (!h) throw new Error('no iLucharge');
      this.handles.set(c.options.id, h as AnyDeviceHandle);
    }
    await this.observe(
      this.t,
      this.o.loadW(this.t).map(() => 0),
    );
  }

  /** The decisions published so far (control.decision events). */
  decisions(): Extract<EventBody, { type: 'control.decision' }>[] {
    return this.events.filter(
      (e): e is Extract<EventBody, { type: 'control.decision' }> => e.type === 'control.decision',
    );
  }

  get now(): number {
    return this.t;
  }

  /** Runs physics and control up to `until`, one step at a time; `onStep` sees every step. */
  async runUntil(until: number, onStep?: (r: StepRecord) => void): Promise<void> {
    const dt = this.o.stepMs;
    while (this.t + dt <= until) {
      const record = this.physics(this.t, dt);
      this.t += dt;
      await this.observe(this.t, record.phaseW);
      const started = performance.now();
      await this.loop.cycle(this.t);
      this.o.onCycleMs?.(performance.now() - started);
      onStep?.({ ...record.step, at: this.t });
    }
    // cycles run at exact instants (as ControlLoop.cycle allows); the clock follows once per run
    await this.clock.advanceTo(this.t);
  }

  private physics(from: number, dtMs: number) {
    const loadPhases = this.o.loadW(from);
    const n = loadPhases.length;
    const phaseW = [...loadPhases];
    for (const c of this.chargers) {
      const visit = c.options.visitAt(from);
      if (c.visit && (!visit || visit.arrive !== c.visit.arrive)) {
        c.sim.unplug();
        c.visit = null;
      }
      if (visit && !c.visit) {
        c.visit = visit;
        c.sessions++;
        c.sim.plugIn(visit.car);
        // the owner starts the session at the charger
        c.sim.image.write(ILUCHARGE_HOLDING.enabled, [1]);
      }
      const w = c.sim.powerW;
      const carPhases = c.visit?.car.phases ?? 1;
      if (carPhases === 3) for (let i = 0; i < n; i++) phaseW[i]! += w / n;
      else phaseW[Math.min(n - 1, c.options.phase ?? 0)]! += w;
    }
    const pv = this.o.pvW?.(from) ?? 0;
    const evW = this.chargers.reduce((s, c) => s + c.sim.powerW, 0);
    const load = loadPhases.reduce((s, w) => s + w, 0);
    if (this.battery) this.battery.setAutoPower(pv - load - evW);
    const batteryW = this.battery?.powerW ?? 0;
    for (let i = 0; i < n; i++) phaseW[i]! += (batteryW - pv) / n;
    const gridW = phaseW.reduce((s, w) => s + w, 0);
    this.meter.integrate(from, dtMs, gridW);
    const h = dtMs / 3_600_000;
    const quarter = from - (from % QUARTER_MS);
    let q = this.quarters.get(quarter);
    if (!q) {
      q = { start: quarter, importWh: 0, loadWh: 0, evWh: 0, batteryDischargeWh: 0, lowestSocPct: 100 };
      this.quarters.set(quarter, q);
    }
    q.importWh += Math.max(0, gridW) * h;
    q.loadWh += load * h;
    q.evWh += evW * h;
    q.batteryDischargeWh += Math.max(0, -batteryW) * h;
    if (this.battery) q.lowestSocPct = Math.min(q.lowestSocPct, this.battery.socPct);
    this.battery?.advance(dtMs / 1000);
    for (const c of this.chargers) c.sim.advance(dtMs / 1000);
    const chargerA: Record<string, number> = {};
    for (const c of this.chargers) chargerA[c.options.id] = c.sim.powerW / VOLTS / (c.visit?.car.phases ?? 1);
    return {
      phaseW,
      step: {
        at: from,
        gridW,
        phaseA: phaseW.map((w) => w / VOLTS),
        batteryW,
        socPct: this.battery?.socPct ?? null,
        chargerA,
      },
    };
  }

  /** What the gateway sees at `at`: the meter, then a poll of every device (as its P1 source and device manager feed it). */
  private async observe(at: number, phaseW: number[]): Promise<void> {
    let reading: P1Reading;
    if (this.o.telegrams) {
      const r = parseTelegram(this.meter.telegram(at));
      if (!r.ok) throw new Error(`telegram refused: ${r.reason}`);
      reading = r.reading;
    } else {
      const names = ['l1', 'l2', 'l3'] as const;
      const grid = phaseW.reduce((s, w) => s + w, 0);
      reading = {
        header: 'FAST',
        manufacturer: 'FAS',
        importW: Math.max(0, Math.round(grid)),
        exportW: Math.max(0, -Math.round(grid)),
        phases: Object.fromEntries(
          phaseW.map((w, i) => [
            names[i],
            {
              importW: Math.max(0, Math.round(w)),
              exportW: Math.max(0, -Math.round(w)),
              voltageV: VOLTS,
              currentA: Math.abs(w) / VOLTS,
            },
          ]),
        ),
        quarterAverageW: this.meter.quarterAverageW,
        monthPeak: {
          at: this.meter.monthPeak.at === null ? null : new Date(this.meter.monthPeak.at).toISOString(),
          w: this.meter.monthPeak.w,
        },
      } as P1Reading;
    }
    this.data.p1 = { reading, receivedAt: at, meterAt: at };
    for (const [id, h] of this.handles) {
      const config = {
        id,
        type: h.kind === 'battery' ? 'battery' : 'charger',
        driver: h.driver,
        endpoint: { transport: 'tcp', host: '127.0.0.1', port: 502 },
        unitId: 1,
      } as never;
      this.data.devices.set(id, {
        config,
        link: 'online',
        status: null,
        reading: await h.read(),
        readAt: at,
      });
    }
  }

  private state(now: number): SiteState {
    const s = buildSiteState(this.data, now);
    for (const c of s.chargers) {
      const own = this.chargers.find((x) => x.options.id === c.id);
      c.session =
        c.sessionActive && own?.options.plan
          ? { sessionId: `${c.id}-${own.sessions}`, ...own.options.plan }
          : null;
    }
    return s;
  }
}
