/**
 * The Modbus register map of our own devices (iLubat, iLucharge, iLuheat), map version 1. docs/devices.md is the
 * written specification; this file must say the same. Measurements are input registers (FC4, read-only), controls
 * holding registers (FC3 to read back, FC6/FC16 to write). 32-bit values are two registers, high word first.
 */

/** 'iL' in register 0 marks one of ours. */
export const ILU_MAGIC = 0x694c;
export const ILU_MAP_VERSION = 1;

export const ILU_PRODUCT = { ilubat: 1, ilucharge: 2, iluheat: 3 } as const;
export type IluProduct = keyof typeof ILU_PRODUCT;

/** Input registers 0–29, the same on every product. */
export const ILU_COMMON = {
  magic: 0,
  product: 1,
  mapVersion: 2,
  /** 8 registers, 16 ASCII characters, NUL padded. */
  serial: 3,
  serialRegisters: 8,
  /** 4 registers, 8 ASCII characters. */
  firmware: 11,
  firmwareRegisters: 4,
  hardwareRevision: 15,
  deviceState: 20,
  errorCode: 21,
  /** u32, seconds since the device started. */
  uptime: 22,
} as const;

/** Register 20. */
export const ILU_DEVICE_STATE = { starting: 0, operational: 1, fault: 2 } as const;

/** Holding register 100 on every product: write 1 to clear a latched error. */
export const ILU_ALARM_RESET = 100;

export const ILUBAT_INPUT = {
  /** u16, 0.1 %. */
  soc: 30,
  /** i32, W, + charging, − discharging. */
  power: 31,
  /** u16, 0.1 V. */
  voltage: 33,
  /** i16, 0.1 A, + charging. */
  current: 34,
  /** i16, 0.1 °C. */
  temperature: 35,
  /** u16, 0.1 %. */
  soh: 36,
  /** u32, Wh usable. */
  capacity: 37,
  /** u16, W. */
  maxChargePower: 39,
  maxDischargePower: 40,
  /** u32, Wh, lifetime. */
  energyCharged: 41,
  energyDischarged: 43,
  /** u16, the mode in force (after a revert timeout it reads 0 although 101 was written 1). */
  activeMode: 45,
  /** Registers 0..45 in one read. */
  pollLength: 46,
} as const;

export const ILUBAT_HOLDING = {
  alarmReset: ILU_ALARM_RESET,
  /** u16: 0 auto (the battery's own self-consumption control), 1 remote setpoint. */
  mode: 101,
  /** i32, W, + charge − discharge; used in mode 1; clamped to the max powers and the SoC limits. */
  setpoint: 102,
  /** u16, s; 0 = never. No write to 101–103 for this long puts the battery back in mode 0. */
  revertTimeout: 104,
  /** u16, 0.1 %; no discharge below this state of charge. */
  minSocReserve: 105,
  length: 6,
} as const;

export const ILUBAT_MODE = { auto: 0, remote: 1 } as const;

export const ILUCHARGE_INPUT = {
  /** u16: 1 A, 2 B, 3 C, 4 D, 5 E, 6 F (IEC 61851 control pilot). */
  cpState: 30,
  /** u16: 1 while a charge session is open. */
  sessionActive: 31,
  /** u32, W. */
  power: 32,
  /** u16 ×3, 0.1 A. */
  currentL1: 34,
  /** u16 ×3, 0.1 V. */
  voltageL1: 37,
  /** u16, 0.1 A: what the charger offers the car now. */
  offeredCurrent: 40,
  /** u16: 1 or 3. */
  phases: 41,
  /** u16, A; 0 when no cable is plugged in. */
  cableMaxCurrent: 42,
  /** u32, Wh, this session. */
  sessionEnergy: 43,
  /** u32, Wh, lifetime. */
  energyTotal: 45,
  /** u16, +1 at every new session (wraps). */
  sessionCounter: 47,
  pollLength: 48,
} as const;

export const ILUCHARGE_HOLDING = {
  alarmReset: ILU_ALARM_RESET,
  /** u16: 1 start (open a session / allow charging), 0 stop (end the session). */
  enabled: 101,
  /** u16, A: 0 = pause the session, else 6–32. Anything else is refused (exception 3). */
  currentLimit: 102,
  /** u16, A: 0 or 6–32; applied when 102 has not been written for the failsafe timeout. */
  failsafeCurrent: 103,
  /** u16, s; 0 = no failsafe. */
  failsafeTimeout: 104,
  length: 5,
} as const;

export const ILUCHARGE_CP = { 1: 'A', 2: 'B', 3: 'C', 4: 'D', 5: 'E', 6: 'F' } as const;
export const CHARGE_CURRENT_MIN_A = 6;
export const CHARGE_CURRENT_MAX_A = 32;

export const ILUHEAT_INPUT = {
  /** u32, W. */
  power: 30,
  /** i16, 0.1 °C. */
  waterTemperature: 32,
  /** u16: 1 while the element is on. */
  elementOn: 33,
  /** u32, W. */
  ratedPower: 34,
  /** u32, Wh, lifetime. */
  energyTotal: 36,
  pollLength: 38,
} as const;

export const ILUHEAT_HOLDING = {
  alarmReset: ILU_ALARM_RESET,
  /** u16: 1 on (heats up to the target), 0 off. */
  enabled: 101,
  /** i16, 0.1 °C, 30.0–75.0. */
  targetTemperature: 102,
  /** u16, W; 0 = rated power. */
  powerLimit: 103,
  length: 4,
} as const;

export const HEAT_TARGET_MIN_C = 30;
export const HEAT_TARGET_MAX_C = 75;
