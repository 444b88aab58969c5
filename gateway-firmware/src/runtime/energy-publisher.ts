import { floorToQuarter, type PayloadInput, QUARTER_MS } from '@ilumen/mqtt-contract';
import type { Clock, ClockTimer } from './clock';
import type { DeviceManager } from './device-manager';
import { buildEnergyPayload } from './energy-payload';
import type { EnergySeq } from './energy-seq';
import type { Logger } from './logger';
import type { P1Source } from './p1-source';
import type { SiteData } from './site-data';

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
 * telegram stamped at the boundary (the meter sends one every second) and a device poll made after it. Boundaries
 * the gateway was not running for are not invented; the ingest merges them into the next quarter.
 */
export class EnergyPublisher {
  private timer: ClockTimer | undefined;
  private running = false;
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
      this.collect(next).catch((err) => this.options.logger.error({ err }, 'energy message failed'));
    });
  }

  /** Waits for the boundary's telegram and device polls, then publishes. Public so a test can drive one boundary. */
  async collect(boundary: number): Promise<void> {
    const o = this.options;
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
