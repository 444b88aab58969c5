import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { QUARTER_MS } from '@ilumen/mqtt-contract';
import type { GatewayConfigInput } from '../../config/config-schema';
import { ILUCHARGE_HOLDING } from '../../devices/ilu/ilu-register-map';
import { readFileIfExists, writeFileAtomic } from '../../runtime/atomic-file';
import type { Clock, ClockTimer } from '../../runtime/clock';
import { type SimSiteDevices, startSimSiteDevices } from '../modbus/sim-site-devices';
import { SunSpecInverterSim } from '../modbus/sunspec-inverter-sim';
import { localDayIndex } from './brussels-time';
import { gasM3PerHour, HouseholdLoad } from './household';
import { MemoryP1Port } from './memory-p1-port';
import { type CarVisit, visitAt, type WaterDraw, waterDraws } from './occupants';
import { between, mix, mulberry32 } from './rng';
import { SimMeter, type SimMeterState } from './sim-meter';
import { pvPowerW } from './solar';

/** What a simulated home has. */
export interface SiteProfile {
  seed: number;
  /** Installed PV, kWp; 0 for none. */
  pvKwp: number;
  /** An iLubat, or none; `socPct` its charge at the start (the platform's last known), default 40 %. */
  battery: { capacityWh: number; maxW: number; socPct?: number } | null;
  /** An iLucharge with a car that comes and goes, or none. */
  ev: { phases: 1 | 3; maxCurrentA: number } | null;
  /** An iLuheat boiler, or none; `tempC` its water at the start (the platform's last known), default 50 °C. */
  boiler: { ratedW: number; volumeL: number; tempC?: number } | null;
  phases: 1 | 3;
  /** Household consumption scale: 1 ≈ 3,500 kWh a year. */
  householdSize: number;
  gas: boolean;
  /**
   * The key each device has on the platform (decision 071), so the gateway names it as the platform does; default
   * inv1, bat1, charger1, heat1.
   */
  deviceKeys?: Partial<Record<SimDeviceKind, string>>;
  /**
   * The EAN the home's meter reports: the address's own, as on a real connection (commissioning checks the two
   * agree); default one made up from the seed.
   */
  ean?: string;
  /**
   * The serials the platform has for the home's meter and devices (the meter's is what its telegram says in
   * 0-0:96.1.1, the devices' what their Modbus registers say), so the demo shows one identity for each; default ones
   * made up from the seed.
   */
  serials?: Partial<Record<SimDeviceKind | 'meter', string>>;
  /**
   * The registers the home's meter shows when the simulation starts (Wh): the last ones the platform stored, so the
   * meter goes on counting from there as a real one does rather than jumping to numbers of its own; default ones made
   * up from the seed.
   */
  meterRegisters?: { importT1Wh: number; importT2Wh: number; exportT1Wh: number; exportT2Wh: number };
  /**
   * The hardware revision the home's gateway reports in its `state` and checks a release's manifest against: the
   * platform's record of the box (the demo's `B`), so a release built for it installs; default `SIM`.
   */
  hardwareRevision?: string;
  /**
   * The devices' energy counters the platform last stored (Wh), for each device to go on from as a real one does
   * through a restart; without them a demo started again reads as counters that went back.
   */
  deviceCounters?: {
    inverterWh?: number;
    battery?: { chargedWh: number; dischargedWh: number };
    chargerWh?: number;
    heatWh?: number;
  };
}

type SimDeviceKind = 'inverter' | 'battery' | 'charger' | 'heat';
const DEFAULT_KEYS: Record<SimDeviceKind, string> = {
  inverter: 'inv1',
  battery: 'bat1',
  charger: 'charger1',
  heat: 'heat1',
};

/** A varied but reproducible mix of homes: the n-th site of a seed is always the same home. */
export function siteProfile(seed: number): SiteProfile {
  const rand = mulberry32(mix(seed, 1));
  const phases: 1 | 3 = rand() < 0.7 ? 3 : 1;
  return {
    seed,
    pvKwp: Math.round(between(rand, 3, 10) * 10) / 10,
    battery:
      rand() < 0.7 ? { capacityWh: [5000, 10_000, 15_000][Math.floor(rand() * 3)]!, maxW: 5000 } : null,
    ev: rand() < 0.6 ? { phases: rand() < 0.5 ? phases : 1, maxCurrentA: 16 } : null,
    boiler: rand() < 0.5 ? { ratedW: 2400, volumeL: 200 } : null,
    phases,
    householdSize: Math.round(between(rand, 0.7, 1.6) * 100) / 100,
    gas: rand() < 0.6,
  };
}

/** Exact energy of one quarter-hour as the physics computed it (Wh, unrounded), to check what the gateway reports. */
export interface QuarterEnergy {
  start: number;
  importWh: number;
  exportWh: number;
  pvWh: number;
  loadWh: number;
  batteryChargeWh: number;
  batteryDischargeWh: number;
  evWh: number;
  heatWh: number;
}

/**
 * What a home keeps through a restart of the simulator, as a real one keeps it through a power cut: the meter's
 * registers and every device's energy counter (and the battery's charge, the boiler's water). Saved at each quarter
 * boundary the physics reaches, so a restart continues from the last boundary.
 */
export interface SiteState {
  v: 1;
  /** Clock ms the state was taken at (a quarter boundary). */
  t: number;
  meter: SimMeterState;
  inverterWh?: number;
  battery?: { chargedWh: number; dischargedWh: number; socPct: number };
  chargerWh?: number;
  heat?: { wh: number; waterC: number };
}

const STATE_FILE = 'site-state.json';

/**
 * The simulated time a simulator restarted on `dataDir` continues from: the latest boundary any of its homes saved
 * (homes behind it catch up), or undefined for a new data dir.
 */
export function savedSimTime(dataDir: string): number | undefined {
  if (!existsSync(dataDir)) return undefined;
  let latest: number | undefined;
  for (const entry of readdirSync(dataDir)) {
    const text = readFileIfExists(join(dataDir, entry, STATE_FILE));
    if (text === undefined) continue;
    try {
      const t = (JSON.parse(text) as Partial<SiteState>).t;
      if (typeof t === 'number' && (latest === undefined || t > latest)) latest = t;
    } catch {
      // a damaged state file: that home starts afresh
    }
  }
  return latest;
}

export interface SimulatedSiteOptions {
  profile: SiteProfile;
  clock: Clock;
  /** Physics step (clock ms); must divide a quarter-hour. */
  stepMs?: number;
  /** The meter sends a telegram this often (clock ms); must divide a quarter-hour so one lands on every boundary. */
  telegramEveryMs?: number;
  /** How often (clock ms) the site catches up with the clock. */
  tickMs?: number;
  meterSerial?: string;
  ean?: string;
  host?: string;
  /** The home's data dir: its state is saved there at each boundary and continued from at the next start. */
  stateDir?: string;
}

/**
 * One simulated home: PV following the sun over Brussels and the day's weather, a household load, a battery on
 * self-consumption, a car that arrives and leaves, a boiler with hot-water draws, the gas meter, and the digital
 * meter in the middle. The devices are the simulated Modbus servers, read by the real drivers over TCP; the meter
 * writes telegrams into an in-memory P1 port read by the real P1 reader. Energy balance every step:
 * grid = load + battery + EV + boiler − PV.
 */
export class SimulatedSite {
  readonly port = new MemoryP1Port();
  readonly meter: SimMeter;
  readonly ledger = new Map<number, QuarterEnergy>();
  readonly totals: Omit<QuarterEnergy, 'start'> = {
    importWh: 0,
    exportWh: 0,
    pvWh: 0,
    loadWh: 0,
    batteryChargeWh: 0,
    batteryDischargeWh: 0,
    evWh: 0,
    heatWh: 0,
  };
  telegrams = 0;
  private t = Number.NaN;
  private readonly stepMs: number;
  private readonly telegramEveryMs: number;
  private readonly household: HouseholdLoad;
  private timer: ClockTimer | undefined;
  private running = false;
  private visit: CarVisit | null = null;
  private drawsDay = Number.NaN;
  private draws: WaterDraw[] = [];
  /** The site always gets a SunSpec inverter (the Huawei simulator is for driver tests). */
  private readonly inverter: SunSpecInverterSim | undefined;

  private constructor(
    readonly profile: SiteProfile,
    readonly devices: SimSiteDevices,
    private readonly options: SimulatedSiteOptions,
  ) {
    this.stepMs = options.stepMs ?? 1000;
    this.telegramEveryMs = options.telegramEveryMs ?? 1000;
    if (
      QUARTER_MS % this.stepMs !== 0 ||
      QUARTER_MS % this.telegramEveryMs !== 0 ||
      this.telegramEveryMs % this.stepMs !== 0
    ) {
      throw new RangeError(
        'stepMs and telegramEveryMs must divide 15 minutes, and stepMs must divide telegramEveryMs',
      );
    }
    this.household = new HouseholdLoad(profile.seed, profile.householdSize);
    const rand = mulberry32(mix(profile.seed, 2));
    this.meter = new SimMeter({
      seed: profile.seed,
      phases: profile.phases,
      serial:
        options.meterSerial ?? profile.serials?.meter ?? `1SIM${String(profile.seed % 1e8).padStart(8, '0')}`,
      ean: options.ean ?? profile.ean ?? `5414${String(profile.seed % 1e14).padStart(14, '0')}`,
      importT1Wh: Math.round(between(rand, 2e6, 2e7)),
      importT2Wh: Math.round(between(rand, 2e6, 2e7)),
      exportT1Wh: Math.round(between(rand, 0, 8e6)),
      exportT2Wh: Math.round(between(rand, 0, 1e6)),
      ...profile.meterRegisters,
      ...(profile.gas
        ? { gasM3: between(rand, 500, 9000), gasSerial: `G${String(profile.seed % 1e9).padStart(9, '0')}` }
        : {}),
    });
    this.inverter = devices.inverter instanceof SunSpecInverterSim ? devices.inverter : undefined;
    this.inverter?.setEnergyTotal(Math.round(between(rand, 1e6, 3e7)));
  }

  static async create(options: SimulatedSiteOptions): Promise<SimulatedSite> {
    const p = options.profile;
    const devices = await startSimSiteDevices({
      layout: 'shared-bus',
      host: options.host,
      inverter:
        p.pvKwp > 0
          ? { kind: 'sunspec', options: { common: { serial: p.serials?.inverter ?? `SIM-INV-${p.seed}` } } }
          : false,
      sunspecBattery: false,
      ilubat: p.battery
        ? {
            capacityWh: p.battery.capacityWh,
            maxChargeW: p.battery.maxW,
            maxDischargeW: p.battery.maxW,
            socPct: p.battery.socPct ?? 40,
            serial: p.serials?.battery ?? `SIM-BAT-${p.seed}`,
          }
        : false,
      ilucharge: p.ev ? { serial: p.serials?.charger ?? `SIM-EVC-${p.seed}` } : false,
      iluheat: p.boiler
        ? {
            ratedPowerW: p.boiler.ratedW,
            volumeL: p.boiler.volumeL,
            waterTempC: p.boiler.tempC ?? 50,
            serial: p.serials?.heat ?? `SIM-HEAT-${p.seed}`,
          }
        : false,
    });
    const site = new SimulatedSite(p, devices, options);
    const last = p.deviceCounters;
    if (last?.inverterWh !== undefined) site.inverter?.setEnergyTotal(last.inverterWh);
    if (last?.battery && devices.ilubat)
      devices.ilubat.restoreCounters({ ...last.battery, socPct: devices.ilubat.socPct });
    if (last?.chargerWh !== undefined) devices.ilucharge?.setEnergyTotal(last.chargerWh);
    if (last?.heatWh !== undefined) devices.iluheat?.setEnergyTotal(last.heatWh);
    if (options.stateDir) {
      const text = readFileIfExists(join(options.stateDir, STATE_FILE));
      if (text !== undefined) {
        try {
          site.restore(JSON.parse(text) as SiteState);
        } catch {
          // damaged: the home starts afresh, as a meter that was replaced would
        }
      }
    }
    return site;
  }

  /** The home's counters now (at a quarter boundary when saved by the physics). */
  state(): SiteState {
    const d = this.devices;
    return {
      v: 1,
      t: this.t,
      meter: this.meter.state(),
      ...(this.inverter ? { inverterWh: this.inverter.energyExactWh } : {}),
      ...(d.ilubat ? { battery: d.ilubat.counters() } : {}),
      ...(d.ilucharge ? { chargerWh: d.ilucharge.energyTotalWh } : {}),
      ...(d.iluheat ? { heat: { wh: d.iluheat.energyTotalWh, waterC: d.iluheat.waterTempC } } : {}),
    };
  }

  /** Continues from a saved state: counters as they were, physics from the saved instant. */
  restore(s: SiteState): void {
    if (s.v !== 1 || typeof s.t !== 'number') throw new Error('not a site state');
    const d = this.devices;
    this.meter.restore(s.meter);
    if (s.inverterWh !== undefined) this.inverter?.setEnergyTotal(s.inverterWh);
    if (s.battery) d.ilubat?.restoreCounters(s.battery);
    if (s.chargerWh !== undefined) d.ilucharge?.setEnergyTotal(s.chargerWh);
    if (s.heat) {
      d.iluheat?.setEnergyTotal(s.heat.wh);
      d.iluheat?.setWaterTemperature(s.heat.waterC);
    }
    this.t = s.t;
    this.restored = true;
  }

  /** Continued from a saved state rather than started afresh. */
  restored = false;

  /** Simulated time the physics has reached (clock ms). */
  get time(): number {
    return this.t;
  }

  /** The gateway config's device list for this home, under the profile's keys (default inv1, bat1, charger1, heat1). */
  gatewayDevices(): NonNullable<GatewayConfigInput['modbus']['devices']> {
    const types = { inverter: 'inverter', ilubat: 'battery', ilucharge: 'charger', iluheat: 'heat' } as const;
    const drivers = {
      inverter: 'sunspec',
      ilubat: 'ilubat',
      ilucharge: 'ilucharge',
      iluheat: 'iluheat',
    } as const;
    return this.devices.endpoints.flatMap((e) => {
      if (e.name === 'sunspecBattery') return [];
      return [
        {
          id: this.profile.deviceKeys?.[types[e.name]] ?? DEFAULT_KEYS[types[e.name]],
          type: types[e.name],
          driver: drivers[e.name],
          endpoint: { transport: 'tcp' as const, host: e.host, port: e.port },
          unitId: e.unitId,
        },
      ];
    });
  }

  /** Follows the clock: catches the physics up every `tickMs` of clock time. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const clock = this.options.clock;
    if (Number.isNaN(this.t)) {
      const now = clock.now();
      this.t = now - (now % this.stepMs);
      this.port.write(this.meter.telegram(this.t));
      this.telegrams++;
    } else if (this.restored && this.telegrams === 0) {
      this.port.write(this.meter.telegram(this.t));
      this.telegrams++;
    }
    const tick = this.options.tickMs ?? 1000;
    const loop = () => {
      if (!this.running) return;
      const now = clock.now();
      this.advanceTo(now);
      this.timer = clock.setTimer(tick - (now % tick), loop);
    };
    loop();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
  }

  async close(): Promise<void> {
    this.stop();
    await this.devices.close();
  }

  /** Runs the physics up to `ms` in fixed steps, writing a telegram at every telegram instant. */
  advanceTo(ms: number): void {
    if (Number.isNaN(this.t)) this.t = ms - (ms % this.stepMs);
    while (this.t + this.stepMs <= ms) {
      this.step(this.t, this.stepMs);
      this.t += this.stepMs;
      if (this.t % this.telegramEveryMs === 0) {
        this.port.write(this.meter.telegram(this.t));
        this.telegrams++;
      }
      if (this.options.stateDir && this.t % QUARTER_MS === 0)
        writeFileAtomic(join(this.options.stateDir, STATE_FILE), JSON.stringify(this.state()));
    }
  }

  private step(from: number, dtMs: number): void {
    const p = this.profile;
    const d = this.devices;
    this.occupants(from);

    // powers held over [from, from + dt): what each device integrates in its own counters below
    this.inverter?.setPower(pvPowerW(p.pvKwp, p.seed, from));
    const pvW = this.inverter?.powerW ?? 0;
    const loadW = this.household.powerW(from);
    const evW = d.ilucharge?.powerW ?? 0;
    const heatW = d.iluheat?.powerW ?? 0;
    // the battery's own self-consumption logic: soak up surplus, cover shortfall (unless the gateway steers it)
    d.ilubat?.setAutoPower(pvW - loadW - evW - heatW);
    const batteryW = d.ilubat?.powerW ?? 0;
    const gridW = loadW + batteryW + evW + heatW - pvW;

    this.meter.integrate(from, dtMs, gridW, p.gas ? gasM3PerHour(from) : 0);
    d.advance(dtMs / 1000);

    const h = dtMs / 3_600_000;
    const quarter = from - (from % QUARTER_MS);
    let q = this.ledger.get(quarter);
    if (!q) {
      q = {
        start: quarter,
        importWh: 0,
        exportWh: 0,
        pvWh: 0,
        loadWh: 0,
        batteryChargeWh: 0,
        batteryDischargeWh: 0,
        evWh: 0,
        heatWh: 0,
      };
      this.ledger.set(quarter, q);
      if (this.ledger.size > 3000) this.ledger.delete(this.ledger.keys().next().value!);
    }
    const add = (key: keyof Omit<QuarterEnergy, 'start'>, wh: number) => {
      q[key] += wh;
      this.totals[key] += wh;
    };
    add('importWh', Math.max(0, gridW) * h);
    add('exportWh', Math.max(0, -gridW) * h);
    add('pvWh', pvW * h);
    add('loadWh', loadW * h);
    add('batteryChargeWh', Math.max(0, batteryW) * h);
    add('batteryDischargeWh', Math.max(0, -batteryW) * h);
    add('evWh', evW * h);
    add('heatWh', heatW * h);
  }

  /** People: the car comes and goes (and the owner taps the charger to start), hot water is drawn. */
  private occupants(ms: number): void {
    const charger = this.devices.ilucharge;
    const ev = this.profile.ev;
    if (charger && ev) {
      const visit = visitAt(this.profile.seed, ms, ev.phases, ev.maxCurrentA);
      if (this.visit && (!visit || visit.arrive !== this.visit.arrive)) {
        charger.unplug();
        this.visit = null;
      }
      if (visit && !this.visit) {
        this.visit = visit;
        charger.plugIn(visit.car);
        // the owner starts the session at the charger (RFID tap), as most sessions start
        charger.image.write(ILUCHARGE_HOLDING.enabled, [1]);
      }
    }
    const boiler = this.devices.iluheat;
    if (boiler) {
      const day = localDayIndex(ms);
      if (day !== this.drawsDay) {
        this.drawsDay = day;
        this.draws = waterDraws(this.profile.seed, day).filter((w) => w.at >= ms);
      }
      while (this.draws.length > 0 && this.draws[0]!.at <= ms) boiler.drawWater(this.draws.shift()!.litres);
    }
  }
}
