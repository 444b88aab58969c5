import { meterRegister } from '@ilumen/energy/calendar';
import { QUARTER_MS } from '@ilumen/mqtt-contract';
import { localMonth, nextMonthStart } from './brussels-time';
import { hashUnit } from './rng';
import { formatTelegram } from './telegram-writer';

export interface SimMeterOptions {
  seed: number;
  /** 3 for a three-phase connection (most new Flemish homes), else 1. */
  phases: 1 | 3;
  serial: string;
  ean: string;
  /** Starting registers, Wh. */
  importT1Wh?: number;
  importT2Wh?: number;
  exportT1Wh?: number;
  exportT2Wh?: number;
  gasM3?: number;
  gasSerial?: string;
}

export interface MonthPeak {
  /** UTC ms of the quarter's start; null for a month without a peak yet. */
  at: number | null;
  w: number;
}

interface HistoryEntry extends MonthPeak {
  /** UTC ms of local 00:00 on the first of the following month (the meter's period stamp). */
  periodEnd: number;
}

/** What a meter keeps through a power cut: its registers, this month's peak and the history. */
export interface SimMeterState {
  importT1Wh: number;
  importT2Wh: number;
  exportT1Wh: number;
  exportT2Wh: number;
  gasM3: number;
  gasStamp: number;
  gasAtStamp: number;
  month: string;
  peak: MonthPeak;
  history: HistoryEntry[];
}

/**
 * A Belgian digital meter: integrates the grid power the site simulator computes into its day/night registers,
 * keeps the running quarter-hour average import (1.4.0), this month's highest quarter (1.6.0) and 13 months of
 * history (98.1.0), and writes real-format telegrams with a valid CRC.
 */
export class SimMeter {
  private t1ImportWh: number;
  private t2ImportWh: number;
  private t1ExportWh: number;
  private t2ExportWh: number;
  private gridW = 0;
  private quarterStart = Number.NaN;
  private quarterImportWh = 0;
  private quarterElapsedMs = 0;
  private month = '';
  private peak: MonthPeak = { at: null, w: 0 };
  private readonly history: HistoryEntry[] = [];
  private gasM3: number;
  private gasStamp = 0;
  private gasAtStamp = 0;
  /** Completed quarters' average import, W, by quarter start (kept for checks; one day's worth). */
  readonly quarterAverages = new Map<number, number>();

  constructor(private readonly options: SimMeterOptions) {
    this.t1ImportWh = options.importT1Wh ?? 0;
    this.t2ImportWh = options.importT2Wh ?? 0;
    this.t1ExportWh = options.exportT1Wh ?? 0;
    this.t2ExportWh = options.exportT2Wh ?? 0;
    this.gasM3 = options.gasM3 ?? 0;
  }

  /** Its registers as they stand (unrounded), to be restored after a restart. */
  state(): SimMeterState {
    return {
      importT1Wh: this.t1ImportWh,
      importT2Wh: this.t2ImportWh,
      exportT1Wh: this.t1ExportWh,
      exportT2Wh: this.t2ExportWh,
      gasM3: this.gasM3,
      gasStamp: this.gasStamp,
      gasAtStamp: this.gasAtStamp,
      month: this.month,
      peak: { ...this.peak },
      history: this.history.map((h) => ({ ...h })),
    };
  }

  /** Continues from a saved state, taken at a quarter boundary (the running quarter starts afresh). */
  restore(s: SimMeterState): void {
    this.t1ImportWh = s.importT1Wh;
    this.t2ImportWh = s.importT2Wh;
    this.t1ExportWh = s.exportT1Wh;
    this.t2ExportWh = s.exportT2Wh;
    this.gasM3 = s.gasM3;
    this.gasStamp = s.gasStamp;
    this.gasAtStamp = s.gasAtStamp;
    this.month = s.month;
    this.peak = { ...s.peak };
    this.history.splice(0, this.history.length, ...s.history.map((h) => ({ ...h })));
    this.quarterStart = Number.NaN;
    this.quarterImportWh = 0;
    this.quarterElapsedMs = 0;
  }

  /** Which register counts now: the platform's one Belgian day/night rule (weekends and public holidays are night). */
  static tariff(ms: number): 1 | 2 {
    return meterRegister(ms);
  }

  /** Import minus export, W, over the last integrated step. */
  get powerW(): number {
    return this.gridW;
  }

  /** Registers in Wh, as the telegram shows them (whole Wh). */
  registers(): { importT1Wh: number; importT2Wh: number; exportT1Wh: number; exportT2Wh: number } {
    return {
      importT1Wh: Math.floor(this.t1ImportWh),
      importT2Wh: Math.floor(this.t2ImportWh),
      exportT1Wh: Math.floor(this.t1ExportWh),
      exportT2Wh: Math.floor(this.t2ExportWh),
    };
  }

  get monthPeak(): MonthPeak {
    return { ...this.peak };
  }

  /** The running average import of the current quarter so far, W (what 1.4.0 shows). */
  get quarterAverageW(): number {
    return this.quarterElapsedMs > 0
      ? Math.round((this.quarterImportWh * 3_600_000) / this.quarterElapsedMs)
      : 0;
  }

  /** Grid power `gridW` (+ import, − export) held from `from` for `dtMs`; the step must not cross a quarter boundary. */
  integrate(from: number, dtMs: number, gridW: number, gasM3PerHour = 0): void {
    const quarter = from - (from % QUARTER_MS);
    if (quarter !== this.quarterStart) this.closeQuarter(quarter);
    this.gridW = gridW;
    const wh = (Math.abs(gridW) * dtMs) / 3_600_000;
    const night = SimMeter.tariff(from) === 2;
    if (gridW > 0) {
      if (night) this.t2ImportWh += wh;
      else this.t1ImportWh += wh;
      this.quarterImportWh += wh;
    } else if (gridW < 0) {
      if (night) this.t2ExportWh += wh;
      else this.t1ExportWh += wh;
    }
    this.quarterElapsedMs += dtMs;
    this.gasM3 += (gasM3PerHour * dtMs) / 3_600_000;
    // the gas meter reports over M-Bus every 5 minutes, stamped with its own time
    const end = from + dtMs;
    if (end % 300_000 === 0) {
      this.gasStamp = end;
      this.gasAtStamp = this.gasM3;
    }
    if (end % QUARTER_MS === 0) this.closeQuarter(end);
  }

  private closeQuarter(nextQuarter: number): void {
    if (!Number.isNaN(this.quarterStart) && this.quarterElapsedMs > 0) {
      const avg = Math.round((this.quarterImportWh * 3_600_000) / QUARTER_MS);
      this.quarterAverages.set(this.quarterStart, avg);
      if (this.quarterAverages.size > 200)
        this.quarterAverages.delete(this.quarterAverages.keys().next().value!);
      const month = localMonth(this.quarterStart);
      this.rollMonth(month, this.quarterStart);
      if (avg > this.peak.w) this.peak = { at: this.quarterStart, w: avg };
    }
    this.quarterStart = nextQuarter;
    this.quarterImportWh = 0;
    this.quarterElapsedMs = 0;
    this.rollMonth(localMonth(nextQuarter), nextQuarter);
  }

  private rollMonth(month: string, at: number): void {
    if (month === this.month) return;
    if (this.month !== '') {
      this.history.push({ ...this.peak, periodEnd: nextMonthStart(at - 1) });
      if (this.history.length > 13) this.history.shift();
    }
    this.month = month;
    this.peak = { at: null, w: 0 };
  }

  /** The telegram the meter sends at `ms` (one per second on a real meter), with CRLF line ends and its CRC. */
  telegram(ms: number): string {
    const o = this.options;
    const grid = Math.round(this.gridW);
    const importW = Math.max(0, grid);
    const exportW = Math.max(0, -grid);
    const phaseNames = o.phases === 3 ? (['l1', 'l2', 'l3'] as const) : (['l1'] as const);
    const split = (w: number) => {
      const each = Math.floor(w / phaseNames.length);
      return phaseNames.map((_, i) => (i === 0 ? w - each * (phaseNames.length - 1) : each));
    };
    const imports = split(importW);
    const exports = split(exportW);
    const phases = phaseNames.map((_, i) => {
      // mains voltage drifts a few volts over the day, and rises a little while the house exports
      const v = 229 + 4 * hashUnit(o.seed, 13 + i, Math.floor(ms / 30_000)) + exports[i]! / 1500;
      const w = imports[i]! + exports[i]!;
      return { importW: imports[i]!, exportW: exports[i]!, voltageV: v, currentA: w / v };
    });
    return formatTelegram({
      serial: o.serial,
      ean: o.ean,
      at: ms,
      tariff: SimMeter.tariff(ms),
      ...this.registers(),
      importW,
      exportW,
      phases,
      quarterAverageW: this.quarterAverageW,
      monthPeak: this.peak,
      history: this.history,
      gas: o.gasSerial
        ? {
            serial: o.gasSerial,
            m3: Math.floor((this.gasStamp ? this.gasAtStamp : this.gasM3) * 1000) / 1000,
            at: this.gasStamp || ms,
          }
        : undefined,
    });
  }
}
