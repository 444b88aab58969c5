import { floorToQuarter, type PayloadInput, QUARTER_MS } from '@ilumen/mqtt-contract';
import type { Clock, ClockTimer } from './clock';
import type { DeviceManager } from './device-manager';
import { buildEnergyPayload } from './energy-payload';
import type { EnergySeq } from './energy-seq';
import type { Logger } from './logger';
import type { P1Source } from './p1-source';
import { SiteData } from './site-data';

/** A telegram this close before the boundary may stand in for the boundary's own. */
const STAND_IN_MS = 60_000;

export interface EnergyPublisherOptions {
  clock: Clock;
  site: SiteData;
  p1: () => P1Source | null;
  devices: DeviceManager;
  seq: EnergySeq;
  publish: (payload: PayloadInput<'energy'>) => void;
  logger: Logger;
  /** How long (clock ms) to wait for the boundary's telegram and device polls; default from their periods. */
  waitMs?: number;
}

/**
 * One `energy` message per quarter-hour boundary with the cumulative counters as they stood at it: the P1
 * telegram stamped at the boundary (the meter sends one every second) and a device poll made after it, published in
 * boundary order. A boundary whose timer came late (a stalled event loop, a simulated clock at high speed) is still
 * published when the meter's telegram of that instant is still kept (the P1 source keeps the recent ones and each
 * quarter's first), with the meter only — device counters read later would misplace energy. Boundaries the gateway
 * was not running for are not invented; the ingest merges them into the next quarter.
 */
export class EnergyPublisher {
  private timer: ClockTimer | undefined;
  private running = false;
  private chain: Promise<void> = Promise.resolve();
  private lastBoundary: number | undefined;
  published = 0;

  constructor(private readonly options: EnergyPublisherOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
  }

  private schedule(): void {
    if (!this.running) return;
    const now = this.options.clock.now();
    const next = floorToQuarter(new Date(now)).getTime() + QUARTER_MS;
    this.timer = this.options.clock.setTimer(next - now, () => {
      this.schedule();
      const boundary = floorToQuarter(new Date(this.options.clock.now())).getTime();
      this.chain = this.chain
        .then(() => this.upTo(boundary))
        .catch((err) => this.options.logger.error({ err }, 'energy message failed'));
    });
  }

  private async upTo(boundary: number): Promise<void> {
    if (this.lastBoundary !== undefined && boundary <= this.lastBoundary) return;
    const from = this.lastBoundary === undefined ? boundary : this.lastBoundary + QUARTER_MS;
    for (let t = from; t < boundary; t += QUARTER_MS) this.late(t);
    await this.collect(boundary);
  }

  /** A boundary passed while nothing ran: its own telegram, if still recent; no device counters. */
  private late(boundary: number): void {
    const o = this.options;
    this.lastBoundary = boundary;
    const sample = o.p1()?.receivedAtOrAfter(boundary) ?? null;
    const tolerance = Math.max(2000, 2 * o.site.p1IntervalMs);
    if (!sample || sample.meterAt - boundary > tolerance) {
      o.logger.warn(
        { boundary: new Date(boundary).toISOString() },
        'quarter boundary missed (timer late); left to the next',
      );
      return;
    }
    o.publish(buildEnergyPayload(boundary, o.seq.next(), sample, new SiteData(), o.clock.now()));
    this.published++;
  }

  /** Waits for the boundary's telegram and device polls, then publishes. Public so a test can drive one boundary. */
  async collect(boundary: number): Promise<void> {
    const o = this.options;
    this.lastBoundary = boundary;
    // a telegram period and a poll period after the boundary, with room to spare; at least 10 s
    const wait = o.waitMs ?? Math.max(10_000, 2 * o.site.p1IntervalMs, 2 * o.site.pollIntervalMs);
    const p1 = o.p1();
    const [sample] = await Promise.all([
      p1 ? p1.readingAtOrAfter(boundary, wait) : Promise.resolve(null),
      o.devices.polledAfter(boundary, wait),
    ]);
    if (!this.running) return;
    // no telegram at the boundary: one from just before it is a fair stand-in; an old one is left out
    const latest = o.site.p1;
    const meter = sample ?? (latest && boundary - latest.meterAt <= STAND_IN_MS ? latest : null);
    if (p1 && !sample) {
      o.logger.warn(
        { boundary: new Date(boundary).toISOString(), standIn: meter !== null },
        'no P1 telegram at the quarter boundary',
      );
    }
    const payload = buildEnergyPayload(boundary, o.seq.next(), meter, o.site, o.clock.now());
    o.publish(payload);
    this.published++;
  }
}
