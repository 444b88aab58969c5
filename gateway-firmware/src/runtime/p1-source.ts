import { describeDeviceError, floorToQuarter, GATEWAY_ERROR } from '@ilumen/mqtt-contract';
import type { P1Reading } from '@ilumen/p1';
import type { OpenP1Port } from '../p1/p1-port';
import { type LastTelegram, P1Reader, type P1Stats } from '../p1/p1-reader';
import { type Clock, type ClockTimer, every } from './clock';
import type { EmitEvent } from './event-sink';
import type { Logger } from './logger';
import type { P1Sample, SiteData } from './site-data';

/** Telegrams kept for the energy boundary: half a minute at the usual one a second. */
const RECENT_TELEGRAMS = 32;
/** Quarters whose first telegram is kept besides: a boundary still found after a long stall (two hours). */
const QUARTER_FIRSTS = 8;
/** The meter's peak history goes out at start, on every change, and at least this often. */
export const PEAK_HISTORY_EVERY_MS = 24 * 3_600_000;

export interface P1SourceOptions {
  open: OpenP1Port;
  clock: Clock;
  logger: Logger;
  site: SiteData;
  emit: EmitEvent;
  /** Refusals are summed per code and sent as one `p1.error` event per code at most this often. */
  errorSummaryMs?: number;
  /** No good telegram for this long: the meter's status goes to Fout. */
  staleAfterMs?: number;
}

interface Waiter {
  at: number;
  resolve(sample: P1Sample | null): void;
  timer: ClockTimer;
}

/**
 * The P1 reader wired into the gateway: readings land in SiteData, refusals become rate-limited `p1.error` events,
 * the meter's link status (OK / Fout) follows whether telegrams arrive, and the energy publisher can wait for the
 * telegram of a quarter boundary.
 */
export class P1Source {
  private readonly reader: P1Reader;
  private readonly refusals = new Map<string, { count: number; reason: string }>();
  private waiters: Waiter[] = [];
  /** The last telegrams, oldest first: a boundary's own telegram may already be followed by newer ones. */
  private readonly recent: P1Sample[] = [];
  /**
   * The first telegram stamped in each of the last quarters, by quarter start: when the event loop stalled (a slow
   * flash write, a busy simulator) a burst of telegrams can push a boundary's own out of `recent` before the energy
   * publisher gets to it.
   */
  private readonly quarterFirst = new Map<number, P1Sample>();
  private linkStatus: 'OK' | 'Fout' | null = null;
  private ticker: { stop(): void } | undefined;
  private portLost = 0;
  private peakHistorySent: { key: string; at: number } | null = null;

  constructor(private readonly options: P1SourceOptions) {
    const { logger, clock } = options;
    const open: OpenP1Port = (handlers) =>
      options.open({
        onData: handlers.onData,
        onClose: (error) => {
          this.portLost++;
          this.refused('port_lost', error ? error.message : 'the P1 port went away');
          handlers.onClose(error);
        },
      });
    this.reader = new P1Reader({
      open,
      logger: logger.child({ part: 'p1' }),
      now: () => new Date(clock.now()),
      onReading: (reading, receivedAt) => this.onReading(reading, receivedAt.getTime()),
      onRefusal: (code, reason) => this.refused(code, reason),
    });
  }

  start(): void {
    this.reader.start();
    const summaryMs = this.options.errorSummaryMs ?? 60_000;
    this.ticker = every(
      this.options.clock,
      Math.min(summaryMs, 10_000),
      (at) => {
        if (at % summaryMs === 0 || summaryMs < 10_000) this.flushRefusals();
        this.checkStale(at);
      },
      (err) => this.options.logger.error({ err }, 'p1 housekeeping failed'),
    );
  }

  async stop(): Promise<void> {
    this.ticker?.stop();
    for (const w of this.waiters.splice(0)) {
      w.timer.cancel();
      w.resolve(null);
    }
    await this.reader.stop();
  }

  stats(): P1Stats & { portLostEvents: number } {
    return { ...this.reader.stats(), portLostEvents: this.portLost };
  }

  lastTelegram(): LastTelegram | null {
    return this.reader.lastTelegram();
  }

  /**
   * The first reading stamped at or after `at` (the quarter boundary) — not the latest, when the event loop was late
   * and more have arrived since — or null after `timeoutMs` of clock time.
   */
  readingAtOrAfter(at: number, timeoutMs: number): Promise<P1Sample | null> {
    const first = this.receivedAtOrAfter(at);
    if (first) return Promise.resolve(first);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        at,
        resolve,
        timer: this.options.clock.setTimer(timeoutMs, () => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(null);
        }),
      };
      this.waiters.push(waiter);
    });
  }

  /** The earliest of the recent telegrams stamped at or after `at`, without waiting. */
  receivedAtOrAfter(at: number): P1Sample | null {
    const recent = this.recent.find((r) => r.meterAt >= at) ?? null;
    const first = this.quarterFirst.get(floorToQuarter(new Date(at)).getTime());
    if (first && first.meterAt >= at && (!recent || first.meterAt < recent.meterAt)) return first;
    return recent;
  }

  private onReading(reading: P1Reading, receivedAt: number): void {
    const stamped = reading.ts ? Date.parse(reading.ts) : Number.NaN;
    const sample: P1Sample = {
      reading,
      receivedAt,
      meterAt: Number.isFinite(stamped) ? stamped : receivedAt,
    };
    const previous = this.options.site.p1;
    if (previous && sample.meterAt > previous.meterAt) {
      this.options.site.p1IntervalMs = sample.meterAt - previous.meterAt;
    }
    this.options.site.p1 = sample;
    this.recent.push(sample);
    if (this.recent.length > RECENT_TELEGRAMS) this.recent.shift();
    const quarter = floorToQuarter(new Date(sample.meterAt)).getTime();
    if (!this.quarterFirst.has(quarter)) {
      this.quarterFirst.set(quarter, sample);
      // a Map iterates in insertion order: the oldest quarter goes first
      if (this.quarterFirst.size > QUARTER_FIRSTS)
        this.quarterFirst.delete(this.quarterFirst.keys().next().value!);
    }
    this.sendPeakHistory(reading, receivedAt);
    if (this.linkStatus !== 'OK') {
      this.options.emit({
        type: 'device.status',
        deviceId: 'p1',
        deviceType: 'meter',
        from: this.linkStatus,
        to: 'OK',
      });
      this.linkStatus = 'OK';
    }
    if (this.waiters.length > 0) {
      const due = this.waiters.filter((w) => sample.meterAt >= w.at);
      this.waiters = this.waiters.filter((w) => sample.meterAt < w.at);
      for (const w of due) {
        w.timer.cancel();
        w.resolve(sample);
      }
    }
  }

  /**
   * The meter's 13-month peak history (`0-0:98.1.0`): once after start, whenever it changes (a month closed), and at
   * least once a day, so the platform knows the months before the gateway came (decision 130).
   */
  private sendPeakHistory(reading: P1Reading, now: number): void {
    const history = reading.peakHistory;
    if (!history || history.length === 0) return;
    const months = history.slice(-24).map((h) => ({ month: h.month, w: h.w, at: h.at }));
    const key = JSON.stringify(months);
    const last = this.peakHistorySent;
    if (last && last.key === key && now - last.at < PEAK_HISTORY_EVERY_MS) return;
    this.peakHistorySent = { key, at: now };
    this.options.emit({ type: 'meter.peakHistory', months });
  }

  private refused(code: string, reason: string): void {
    const r = this.refusals.get(code) ?? { count: 0, reason };
    r.count++;
    r.reason = reason;
    this.refusals.set(code, r);
  }

  private flushRefusals(): void {
    for (const [code, r] of this.refusals) {
      this.options.emit({ type: 'p1.error', code, message: r.reason.slice(0, 500), count: r.count });
    }
    this.refusals.clear();
  }

  private checkStale(now: number): void {
    const staleAfter = this.options.staleAfterMs ?? 60_000;
    const last = this.options.site.p1?.receivedAt;
    if (this.linkStatus === 'OK' && (last === undefined || now - last > staleAfter)) {
      const stale = describeDeviceError(GATEWAY_ERROR.noMeterTelegram);
      this.options.emit({
        type: 'device.status',
        deviceId: 'p1',
        deviceType: 'meter',
        from: 'OK',
        to: 'Fout',
        error: { code: String(GATEWAY_ERROR.noMeterTelegram), text: stale.text },
      });
      this.linkStatus = 'Fout';
    }
  }
}
