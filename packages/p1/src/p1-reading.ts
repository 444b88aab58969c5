/** One phase as the meter reports it; a single-phase meter only has `l1`. */
export interface P1Phase {
  /** 1-0:21/41/61.7.0 */
  importW?: number;
  /** 1-0:22/42/62.7.0 */
  exportW?: number;
  /** 1-0:32/52/72.7.0 */
  voltageV?: number;
  /** 1-0:31/51/71.7.0 */
  currentA?: number;
}

/** A capacity-tariff peak: the start of the quarter-hour and its average import. */
export interface P1Peak {
  /** UTC ISO; null for a month without a peak (`632525252525W`). */
  at: string | null;
  w: number;
}

/** One month of the `0-0:98.1.0` history. */
export interface P1PeakHistoryEntry extends P1Peak {
  /** The month the peak belongs to, `YYYY-MM` in the Brussels calendar (the stamp is the next month's first day). */
  month: string;
  /** The period stamp itself (first day of the following month, 00:00 Brussels) in UTC ISO. */
  periodEnd: string;
}

export type P1MbusKind = 'gas' | 'water' | 'other' | 'unknown';

/** A device on an M-Bus channel 0-1…0-4, as the meter relays it. */
export interface P1MbusDevice {
  channel: number;
  /** 0-n:24.1.0 — 3 = gas, 7 = water. */
  deviceType?: number;
  /** From deviceType; `unknown` when the telegram did not say. */
  kind: P1MbusKind;
  /** 0-n:96.1.1, decoded from hex-ASCII. */
  serial?: string;
  /** 0-n:96.1.2, decoded from hex-ASCII. */
  ean?: string;
  /** 0-n:24.4.0 gas valve: 0 closed, 1 open, 2 ready to open. */
  valve?: number;
  /** 0-n:96.3.10 */
  relay?: number;
  /** 0-n:24.2.3 (gas, not temperature-corrected in Belgium) or 0-n:24.2.1; `at` is the M-Bus device's own stamp. */
  reading?: { obis: string; at: string | null; value: number; unit: string };
}

/** A gas or water index, picked from whichever channel carries that device type. */
export interface P1VolumeReading {
  channel: number;
  serial?: string;
  ean?: string;
  at: string | null;
  m3: number;
}

/** Everything a Belgian e-MUCS / DSMR 5 telegram told us. Energy in Wh and power in W as integers (DESIGN §4). */
export interface P1Reading {
  /** Identification line without the `/` (`FLU5\253769484_A`). */
  header: string;
  /** The first three letters of the header (`FLU`). */
  manufacturer: string;
  /** 0-0:96.1.4 (`50217`). */
  emucsVersion?: string;
  /** 0-0:96.1.1, decoded from hex-ASCII. */
  meterSerial?: string;
  /** 0-0:96.1.2 (e-MUCS ≥ 2.1.1), decoded from hex-ASCII: the 18-digit EAN. */
  ean?: string;
  /** 0-0:1.0.0 telegram time, UTC ISO. */
  ts?: string;
  /** 1-0:1.8.1 import, tariff 1 (day). */
  importT1Wh?: number;
  /** 1-0:1.8.2 import, tariff 2 (night). */
  importT2Wh?: number;
  /** 1-0:2.8.1 export, tariff 1. */
  exportT1Wh?: number;
  /** 1-0:2.8.2 export, tariff 2. */
  exportT2Wh?: number;
  /** 0-0:96.14.0: 1 = day, 2 = night. */
  tariff?: number;
  /** 1-0:1.7.0 */
  importW?: number;
  /** 1-0:2.7.0 */
  exportW?: number;
  phases: { l1?: P1Phase; l2?: P1Phase; l3?: P1Phase };
  /** 1-0:1.4.0 running average import of the current quarter-hour. */
  quarterAverageW?: number;
  /** 1-0:1.6.0 this month's peak. */
  monthPeak?: P1Peak;
  /** 0-0:98.1.0, oldest month first; empty months have `at: null`, `w: 0`. */
  peakHistory?: P1PeakHistoryEntry[];
  /** 0-0:96.3.10 */
  breaker?: 'off' | 'on' | 'ready_to_reconnect';
  /** 0-0:17.0.0; null when the limiter is disabled (999.9 / 99.999 kW). */
  limiterW?: number | null;
  /** 1-0:31.4.0; null when disabled (999 / 999.99 A). */
  fuseSupervisionA?: number | null;
  /** 0-0:96.13.0, decoded from hex-ASCII when it is; absent when empty. */
  textMessage?: string;
  /** 1-0:94.32.1 kept raw: sources disagree on its meaning (grid 230/400 V configuration or a firmware version). */
  gridConfiguration?: string;
  mbus: P1MbusDevice[];
  gas?: P1VolumeReading;
  water?: P1VolumeReading;
  /** Well-formed lines with an OBIS code this parser does not know; kept, not refused. */
  unknown: { obis: string; values: string[] }[];
}

export type P1RefusalCode =
  | 'empty'
  | 'no_header'
  | 'truncated'
  | 'missing_crc'
  | 'bad_crc_format'
  | 'crc_mismatch'
  | 'garbled'
  | 'bad_value';

export type P1ParseResult =
  | { ok: true; reading: P1Reading }
  | { ok: false; code: P1RefusalCode; reason: string };
