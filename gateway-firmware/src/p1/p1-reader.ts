import type { P1Reading, P1RefusalCode } from '@ilumen/p1';
import { type ParseOptions, parseTelegram } from '@ilumen/p1';
import type { OpenP1Port, P1Logger, P1PortConnection } from './p1-port';
import { type DiscardReason, TelegramSplitter } from './telegram-splitter';

export interface P1Stats {
  /** Telegrams read. */
  good: number;
  /** Refused on their CRC (mismatch, missing, malformed). */
  badCrc: number;
  /** Cut short: interrupted by the next telegram, or by the port going away. */
  truncated: number;
  /** CRC fine (or none) but the content is not a telegram: bad lines, bad values, no header, oversized. */
  garbled: number;
  /** Bytes seen outside any telegram. */
  garbageBytes: number;
  /** Times the port was opened, and times it went away while in use. */
  portOpens: number;
  portLosses: number;
  lastGoodAt: string | null;
}

export interface LastTelegram {
  receivedAt: string;
  /** As received (latin1), for support. */
  telegram: string;
  ok: boolean;
  reason?: string;
}

export interface P1ReaderOptions {
  open: OpenP1Port;
  logger: P1Logger;
  onReading(reading: P1Reading, receivedAt: Date): void;
  /** Every refusal, for whoever turns them into `p1.error` events. */
  onRefusal?(code: P1RefusalCode | DiscardReason, reason: string): void;
  now?: () => Date;
  parse?: ParseOptions;
  /** Wait before reopening a port that failed or went away: doubles from `min` up to `max`. */
  reconnectDelayMs?: { min: number; max: number };
}

const CATEGORY: Record<P1RefusalCode, 'badCrc' | 'truncated' | 'garbled'> = {
  crc_mismatch: 'badCrc',
  missing_crc: 'badCrc',
  bad_crc_format: 'badCrc',
  truncated: 'truncated',
  empty: 'garbled',
  no_header: 'garbled',
  garbled: 'garbled',
  bad_value: 'garbled',
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads the P1 port for as long as it runs: splits, parses, counts and logs every refusal, reopens the port when it
 * goes away. Nothing that arrives on the wire can make it throw.
 */
export class P1Reader {
  private readonly splitter: TelegramSplitter;
  private readonly now: () => Date;
  private readonly delays: { min: number; max: number };
  private readonly counts: P1Stats = {
    good: 0,
    badCrc: 0,
    truncated: 0,
    garbled: 0,
    garbageBytes: 0,
    portOpens: 0,
    portLosses: 0,
    lastGoodAt: null,
  };
  private last: LastTelegram | null = null;
  private running = false;
  private connection: P1PortConnection | undefined;
  private timer: NodeJS.Timeout | undefined;
  private delay: number;

  constructor(private readonly options: P1ReaderOptions) {
    this.now = options.now ?? (() => new Date());
    this.delays = options.reconnectDelayMs ?? { min: 1000, max: 30_000 };
    this.delay = this.delays.min;
    this.splitter = new TelegramSplitter({
      onTelegram: (telegram) => this.handleTelegram(telegram),
      onDiscard: (reason, bytes) => this.handleDiscard(reason, bytes),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }

  get connected(): boolean {
    return this.connection !== undefined;
  }

  stats(): P1Stats {
    return { ...this.counts };
  }

  lastTelegram(): LastTelegram | null {
    return this.last;
  }

  private async connect(): Promise<void> {
    this.timer = undefined;
    if (!this.running) return;
    try {
      const connection = await this.options.open({
        onData: (chunk) => this.splitter.push(chunk),
        onClose: (error) => this.handleLoss(error),
      });
      if (!this.running) {
        await connection.close();
        return;
      }
      this.connection = connection;
      this.counts.portOpens++;
      this.delay = this.delays.min;
      this.options.logger.info({ opens: this.counts.portOpens }, 'p1 port open');
    } catch (err) {
      this.options.logger.warn({ err: message(err), retryInMs: this.delay }, 'p1 port could not be opened');
      this.retryLater();
    }
  }

  private retryLater(): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => void this.connect(), this.delay);
    this.delay = Math.min(this.delay * 2, this.delays.max);
  }

  private handleLoss(error?: Error): void {
    this.connection = undefined;
    this.splitter.reset();
    if (!this.running) return;
    this.counts.portLosses++;
    this.options.logger.warn(
      { err: error ? message(error) : 'closed', retryInMs: this.delay },
      'p1 port lost',
    );
    this.retryLater();
  }

  private handleTelegram(telegram: Buffer): void {
    const receivedAt = this.now();
    const result = parseTelegram(telegram, this.options.parse);
    const text = telegram.toString('latin1');
    if (result.ok) {
      this.counts.good++;
      this.counts.lastGoodAt = receivedAt.toISOString();
      this.last = { receivedAt: receivedAt.toISOString(), telegram: text, ok: true };
      try {
        this.options.onReading(result.reading, receivedAt);
      } catch (err) {
        // a consumer's bug must not stop the meter being read
        this.options.logger.error({ err: message(err) }, 'p1 reading handler failed');
      }
      return;
    }
    this.counts[CATEGORY[result.code]]++;
    this.last = { receivedAt: receivedAt.toISOString(), telegram: text, ok: false, reason: result.reason };
    this.refused(result.code, result.reason, telegram.length);
  }

  private handleDiscard(reason: DiscardReason, bytes: number): void {
    if (reason === 'garbage') {
      this.counts.garbageBytes += bytes;
      this.refused(reason, `${bytes} bytes outside a telegram`, bytes);
    } else if (reason === 'truncated') {
      this.counts.truncated++;
      this.refused(reason, `cut short after ${bytes} bytes by the next telegram`, bytes);
    } else {
      this.counts.garbled++;
      this.refused(reason, `no end after ${bytes} bytes`, bytes);
    }
  }

  private refused(code: P1RefusalCode | DiscardReason, reason: string, bytes: number): void {
    this.options.logger.warn({ code, reason, bytes }, 'p1 telegram refused');
    try {
      this.options.onRefusal?.(code, reason);
    } catch (err) {
      this.options.logger.error({ err: message(err) }, 'p1 refusal handler failed');
    }
  }
}
