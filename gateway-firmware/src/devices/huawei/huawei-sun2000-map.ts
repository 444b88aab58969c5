/**
 * The Huawei SUN2000 registers we read (holding registers, FC3; big-endian, high word first). Sources: the domain
 * note (../shared/domain/sunspec-modbus.md, from evcc's template) and the block layout ioBroker.sun2000 reads.
 * Energy registers count in 0.01 kWh (= 10 Wh).
 */
export const HUAWEI = {
  identity: {
    start: 30000,
    length: 35,
    /** STR, 15 registers, e.g. "SUN2000-8KTL-M1". */
    model: 30000,
    modelRegisters: 15,
    /** STR, 10 registers. */
    serial: 30015,
    serialRegisters: 10,
    /** STR, 10 registers: part number. */
    partNumber: 30025,
    partNumberRegisters: 10,
  },
  inverter: {
    start: 32064,
    length: 44,
    /** I32, W: PV input power. */
    dcPower: 32064,
    /** I32, W: active power at the AC side. */
    acPower: 32080,
    /** U16: device status (0x0200 on-grid …). */
    deviceStatus: 32089,
    /** U32, 0.01 kWh: accumulated yield. */
    yield: 32106,
  },
  meter: {
    start: 37100,
    length: 23,
    /** U16: 0 offline, 1 normal. */
    status: 37100,
    /** I32, W; Huawei's positive is export (evcc negates it). */
    activePower: 37113,
    /** I32, 0.01 kWh: exported ("positive active energy" in Huawei's naming). */
    exportEnergy: 37119,
    /** I32, 0.01 kWh: imported ("reverse active energy"). */
    importEnergy: 37121,
  },
  battery: {
    start: 37758,
    length: 26,
    /** U32, Wh. */
    ratedCapacity: 37758,
    /** U16, 0.1 %. */
    soc: 37760,
    /** U16: 0 offline, 1 standby, 2 running, 3 fault, 4 sleep. */
    runningStatus: 37762,
    /** I32, W; positive while charging. */
    power: 37765,
    /** U32, 0.01 kWh. */
    totalCharge: 37780,
    totalDischarge: 37782,
  },
} as const;

/** 32089 values. 0x02xx: on grid (producing); 0x03xx: shut down; 0xA000: no irradiation (night). */
export const HUAWEI_STATUS = {
  standbyInitializing: 0x0000,
  starting: 0x0100,
  onGrid: 0x0200,
  onGridPowerLimited: 0x0201,
  onGridSelfDerating: 0x0202,
  shutdownFault: 0x0300,
  shutdownCommand: 0x0301,
  standbyNoIrradiation: 0xa000,
} as const;

export const HUAWEI_BATTERY_STATUS = { offline: 0, standby: 1, running: 2, fault: 3, sleep: 4 } as const;

export const HUAWEI_DEFAULT_UNIT_ID = 1;
