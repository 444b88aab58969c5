import type { Logger } from '@ilumen/logger';

export interface SilenceWatchOptions {
  /** No message for this long from a fleet that should be talking counts as silence. */
  silentAfterMs: number;
  checkEveryMs: number;
  /** Whether gateways are expected to talk at all (a fleet seen lately); asked only when it has gone quiet. */
  expectTraffic: () => Promise<boolean>;
  /** Only when connected and subscribed is silence the ingest's problem rather than the broker's or the network's. */
  listening: () => boolean;
  /** Silence noticed: reconnect and subscribe again. Called at most once per `silentAfterMs`. */
  onSilent: (silentForMs: number) => void;
  /** The first message after a silence (so whoever watches hears of it at once, not at the next report). */
  onHeardAgain?: () => void;
  logger: Logger;
  now?: () => number;
}

/**
 * Notices when the ingest hears nothing from a fleet that should be talking — a broker that lost the ingest's
 * subscription but kept its session, a subscription refused — logs it, exposes it for health checks and metrics, and
 * asks for a reconnect. Gateways send live values every few seconds, so a minute without any message is not quiet.
 */
export class SilenceWatch {
  private last: number;
  private lastKick = 0;
  private timer: NodeJS.Timeout | undefined;
  private silent_ = false;
  private readonly now: () => number;
  silences = 0;

  constructor(private readonly options: SilenceWatchOptions) {
    this.now = options.now ?? Date.now;
    this.last = this.now();
  }

  /** A message arrived. */
  heard(): void {
    this.last = this.now();
    if (this.silent_) {
      this.silent_ = false;
      this.options.logger.info('ingest hears the fleet again');
      this.options.onHeardAgain?.();
    }
  }

  /** Milliseconds since the last message (or since the watch started). */
  get lastMessageAgeMs(): number {
    return this.now() - this.last;
  }

  get silent(): boolean {
    return this.silent_;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), this.options.checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async check(): Promise<void> {
    const age = this.lastMessageAgeMs;
    if (age < this.options.silentAfterMs || !this.options.listening()) return;
    if (this.now() - this.lastKick < this.options.silentAfterMs) return;
    let expected: boolean;
    try {
      expected = await this.options.expectTraffic();
    } catch {
      // the database is away too: silence then says nothing about the subscription
      return;
    }
    if (!expected || this.lastMessageAgeMs < this.options.silentAfterMs) return;
    this.silent_ = true;
    this.silences++;
    this.lastKick = this.now();
    this.options.logger.warn(
      { silent_s: Math.round(age / 1000) },
      'ingest has heard nothing from a fleet that should be talking; reconnecting and subscribing again',
    );
    this.options.onSilent(age);
  }
}
