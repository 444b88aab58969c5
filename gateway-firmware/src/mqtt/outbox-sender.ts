import type { Outbox, OutboxEntry } from './outbox';

/** Hands one entry to the MQTT client; `done` runs at the PUBACK (no error) or when it could not be delivered. */
export type PublishEntry = (entry: OutboxEntry, done: (err?: Error) => void) => void;

export interface OutboxSenderOptions {
  /** Messages in flight at once; the order on the wire stays the outbox order. */
  window?: number;
  /**
   * How long to wait before sending again what the broker accepted for nobody (PUBACK 0x10 "no matching
   * subscribers"): the platform's ingest is not subscribed yet, e.g. just after a broker restart (real ms).
   */
  unroutedRetryMs?: number;
  /** The broker answered with an error reason code (e.g. 0x87 not authorized): resending would never help. */
  onRejected?: (entry: OutboxEntry, err: Error) => void;
}

/**
 * The broker took the message but no subscription matched it (MQTT 5 PUBACK reason 0x10): nobody has it. Mosquitto
 * restores the ingest's session after a restart without its shared subscription, so gateways that reconnect before
 * the ingest subscribes again get this answer (decision 115); the message stays in the outbox and is sent again.
 */
export class NoSubscribersError extends Error {
  constructor() {
    super('no matching subscribers');
    this.name = 'NoSubscribersError';
  }
}

/** An MQTT 5 PUBACK carrying a failure reason code: the broker received the message and refused it. */
function isBrokerRefusal(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' && code >= 0x80;
}

/**
 * Moves outbox entries to the MQTT client in order while connected. Entries handed over stay in the client's own
 * store across a reconnect (mqtt.js resends unacknowledged QoS 1 publishes first on reconnect, before anything new),
 * so a pause does not take them back; only when the client gives them up with an error (it was ended) are they
 * handed over again, from the first unacknowledged one.
 */
export class OutboxSender {
  private readonly window: number;
  private readonly inflight = new Map<number, OutboxEntry>();
  private lastHanded: number | undefined;
  private rewind = false;
  private active = false;
  private idleWaiters: (() => void)[] = [];
  private readonly unsubscribe: () => void;
  private rejected_ = 0;
  private unrouted_ = 0;
  private holding: NodeJS.Timeout | undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly publish: PublishEntry,
    private readonly options: OutboxSenderOptions = {},
  ) {
    this.window = options.window ?? 10;
    this.unsubscribe = outbox.onAppend(() => this.pump());
  }

  get inFlight(): number {
    return this.inflight.size;
  }

  get rejected(): number {
    return this.rejected_;
  }

  /** Messages the broker accepted for nobody and that were kept to be sent again. */
  get unrouted(): number {
    return this.unrouted_;
  }

  /** The connection is up: send what waits. */
  resume(): void {
    this.active = true;
    this.pump();
  }

  /** The connection is down: hand over nothing new. */
  pause(): void {
    this.active = false;
  }

  /** Resolves once nothing is pending (or at once when nothing is). */
  whenIdle(): Promise<void> {
    if (this.outbox.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.active = false;
    clearTimeout(this.holding);
    this.holding = undefined;
    this.unsubscribe();
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }

  private pump(): void {
    if (!this.active) return;
    if (this.rewind && this.inflight.size === 0) {
      this.rewind = false;
      this.lastHanded = undefined;
    }
    if (this.rewind) return;
    const room = this.window - this.inflight.size;
    if (room <= 0) return;
    for (const entry of this.outbox.peek(this.lastHanded, room)) {
      if (this.inflight.has(entry.id)) continue;
      this.inflight.set(entry.id, entry);
      this.lastHanded = entry.id;
      this.publish(entry, (err) => this.settled(entry, err));
    }
  }

  private settled(entry: OutboxEntry, err?: Error): void {
    if (!this.inflight.delete(entry.id)) return;
    if (!err) {
      this.outbox.ack(entry.id);
    } else if (err instanceof NoSubscribersError) {
      // kept in the outbox; what follows goes on. A little later everything unacknowledged is sent again from the
      // first one, once the platform may have subscribed.
      this.unrouted_++;
      if (!this.holding) {
        this.holding = setTimeout(() => {
          this.holding = undefined;
          this.rewind = true;
          this.pump();
        }, this.options.unroutedRetryMs ?? 2000);
        this.holding.unref?.();
      }
    } else if (isBrokerRefusal(err)) {
      this.rejected_++;
      this.options.onRejected?.(entry, err);
      this.outbox.ack(entry.id);
    } else {
      this.rewind = true;
    }
    if (this.outbox.size === 0) {
      const waiters = this.idleWaiters.splice(0);
      for (const w of waiters) w();
    }
    this.pump();
  }
}
