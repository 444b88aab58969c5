import type { DriverName } from '../../devices/driver';
import { HuaweiSun2000Sim, type HuaweiSun2000SimOptions } from './huawei-sun2000-sim';
import { IlubatSim, type IlubatSimOptions } from './ilubat-sim';
import { IluchargeSim, type IluchargeSimOptions } from './ilucharge-sim';
import { IluheatSim, type IluheatSimOptions } from './iluheat-sim';
import { type SimModbusDevice, type SimModbusServer, startSimModbusServer } from './sim-server';
import { SunSpecInverterSim, type SunSpecInverterSimOptions } from './sunspec-inverter-sim';
import { SunSpecStorageSim, type SunSpecStorageSimOptions } from './sunspec-storage-sim';

export interface SimSiteDevicesOptions {
  /** A SunSpec or a Huawei inverter, or none. Default SunSpec. */
  inverter?:
    | { kind: 'sunspec'; options?: SunSpecInverterSimOptions }
    | { kind: 'huawei'; options?: HuaweiSun2000SimOptions }
    | false;
  sunspecBattery?: SunSpecStorageSimOptions | false;
  ilubat?: IlubatSimOptions | false;
  ilucharge?: IluchargeSimOptions | false;
  iluheat?: IluheatSimOptions | false;
  /**
   * One server per device (each its own "IP", unit id 1 — like devices on the LAN) or all on one server with unit
   * ids 1, 2, 3… (like an RTU bus behind a TCP gateway). Default: one server each.
   */
  layout?: 'server-per-device' | 'shared-bus';
  host?: string;
}

/** Where a device answers, and which driver the gateway config should name for it. */
export interface SimEndpoint {
  name: 'inverter' | 'sunspecBattery' | 'ilubat' | 'ilucharge' | 'iluheat';
  driver: DriverName;
  host: string;
  port: number;
  unitId: number;
}

export interface SimSiteDevices {
  inverter?: SunSpecInverterSim | HuaweiSun2000Sim;
  sunspecBattery?: SunSpecStorageSim;
  ilubat?: IlubatSim;
  ilucharge?: IluchargeSim;
  iluheat?: IluheatSim;
  endpoints: SimEndpoint[];
  servers: SimModbusServer[];
  /** Lets simulated time pass on every device (energy counters, SoC, water temperature, timeouts). */
  advance(seconds: number): void;
  close(): Promise<void>;
}

type Entry = {
  name: SimEndpoint['name'];
  driver: DriverName;
  make: (unitId: number) => SimModbusDevice & { advance(s: number): void };
};

/** The Modbus side of one simulated home, served on loopback for the real drivers to read. */
export async function startSimSiteDevices(options: SimSiteDevicesOptions = {}): Promise<SimSiteDevices> {
  const host = options.host ?? '127.0.0.1';
  const layout = options.layout ?? 'server-per-device';
  const site: Omit<SimSiteDevices, 'advance' | 'close'> = { endpoints: [], servers: [] };
  const entries: Entry[] = [];
  const inv = options.inverter ?? { kind: 'sunspec' };
  if (inv && inv.kind === 'sunspec') {
    entries.push({
      name: 'inverter',
      driver: 'sunspec-inverter',
      make: (unitId) => (site.inverter = new SunSpecInverterSim({ ...inv.options, unitId })),
    });
  } else if (inv && inv.kind === 'huawei') {
    entries.push({
      name: 'inverter',
      driver: 'huawei-sun2000',
      make: (unitId) => (site.inverter = new HuaweiSun2000Sim({ ...inv.options, unitId })),
    });
  }
  const { sunspecBattery, ilubat = {}, ilucharge = {}, iluheat = {} } = options;
  if (sunspecBattery) {
    entries.push({
      name: 'sunspecBattery',
      driver: 'sunspec-battery',
      make: (unitId) => (site.sunspecBattery = new SunSpecStorageSim({ ...sunspecBattery, unitId })),
    });
  }
  if (ilubat) {
    entries.push({
      name: 'ilubat',
      driver: 'ilubat',
      make: (unitId) => (site.ilubat = new IlubatSim({ ...ilubat, unitId })),
    });
  }
  if (ilucharge) {
    entries.push({
      name: 'ilucharge',
      driver: 'ilucharge',
      make: (unitId) => (site.ilucharge = new IluchargeSim({ ...ilucharge, unitId })),
    });
  }
  if (iluheat) {
    entries.push({
      name: 'iluheat',
      driver: 'iluheat',
      make: (unitId) => (site.iluheat = new IluheatSim({ ...iluheat, unitId })),
    });
  }

  const devices: (SimModbusDevice & { advance(s: number): void })[] = [];
  try {
    if (layout === 'shared-bus') {
      entries.forEach((e, i) => {
        devices.push(e.make(i + 1));
      });
      const server = await startSimModbusServer({ devices, host });
      site.servers.push(server);
      entries.forEach((e, i) => {
        site.endpoints.push({ name: e.name, driver: e.driver, host, port: server.port, unitId: i + 1 });
      });
    } else {
      for (const e of entries) {
        const device = e.make(1);
        devices.push(device);
        const server = await startSimModbusServer({ devices: [device], host });
        site.servers.push(server);
        site.endpoints.push({ name: e.name, driver: e.driver, host, port: server.port, unitId: 1 });
      }
    }
  } catch (e) {
    await Promise.all(site.servers.map((s) => s.close()));
    throw e;
  }

  return {
    ...site,
    advance(seconds) {
      for (const d of devices) d.advance(seconds);
    },
    async close() {
      await Promise.all(site.servers.map((s) => s.close()));
    },
  };
}
