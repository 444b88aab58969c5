import type { DeviceError } from './error-codes';
import type { StatusDeviceType, TransitionTable } from './statuses';

/** One status change: what the MQTT client publishes as an `event`. */
export interface StatusChange<S extends string = string> {
  deviceId: string;
  deviceType: StatusDeviceType;
  /** null for the first status seen since the gateway (re)started. */
  from: S | null;
  to: S;
  /** ISO 8601, UTC. */
  at: string;
  /** Set exactly when `to` is Fout. */
  error?: DeviceError;
}

export type TransitionResult<S extends string> =
  | { ok: true; change: StatusChange<S> | null }
  | { ok: false; reason: string };

/**
 * Holds one device's status and allows only the changes its table lists. Fout always carries an error; a new
 * error code while already in Fout is a change of its own (Fout → Fout), since support needs to see it.
 */
export class StatusMachine<S extends string> {
  private current: S | null = null;
  private currentError: DeviceError | undefined;

  constructor(
    readonly deviceId: string,
    readonly deviceType: StatusDeviceType,
    private readonly table: TransitionTable<S>,
    private readonly faultStatus: S,
    private readonly now: () => Date,
  ) {}

  get status(): S | null {
    return this.current;
  }

  get error(): DeviceError | undefined {
    return this.currentError;
  }

  canTransition(from: S, to: S): boolean {
    return from === to || this.table[from].includes(to);
  }

  transition(to: S, error?: DeviceError): TransitionResult<S> {
    const from = this.current;
    if (to === this.faultStatus && !error) return { ok: false, reason: `${to} needs an error code` };
    if (to !== this.faultStatus && error)
      return { ok: false, reason: `only ${this.faultStatus} carries an error` };
    if (from === to) {
      if (to !== this.faultStatus || error?.code === this.currentError?.code)
        return { ok: true, change: null };
    } else if (from !== null && !this.table[from].includes(to)) {
      return { ok: false, reason: `${from} → ${to} is not a ${this.deviceType} status change` };
    }
    this.current = to;
    this.currentError = error;
    const change: StatusChange<S> = {
      deviceId: this.deviceId,
      deviceType: this.deviceType,
      from,
      to,
      at: this.now().toISOString(),
    };
    if (error) change.error = error;
    return { ok: true, change };
  }

  /** Shortest chain of allowed changes from the current status to `to`, or null when there is none. */
  pathTo(to: S): S[] | null {
    const from = this.current;
    if (from === null || from === to || this.table[from].includes(to)) return [to];
    const previous = new Map<S, S>();
    const queue: S[] = [from];
    while (queue.length > 0) {
      const s = queue.shift() as S;
      for (const next of this.table[s]) {
        // Never pass through Fout on the way: that would invent an error.
        if (next === from || previous.has(next) || (next === this.faultStatus && next !== to)) continue;
        previous.set(next, s);
        if (next === to) {
          const path: S[] = [to];
          for (let p = s; p !== from; p = previous.get(p) as S) path.unshift(p);
          return path;
        }
        queue.push(next);
      }
    }
    return null;
  }

  /**
   * Moves to `to` even when polling missed the statuses in between (a car plugged in and charging within one
   * poll): each step is an allowed change, and each gives its own event, so the platform's timeline stays valid.
   */
  moveTo(to: S, error?: DeviceError): StatusChange<S>[] {
    const path = this.pathTo(to);
    if (!path) return [];
    const changes: StatusChange<S>[] = [];
    path.forEach((step, i) => {
      const res = this.transition(step, i === path.length - 1 ? error : undefined);
      if (res.ok && res.change) changes.push(res.change);
    });
    return changes;
  }
}
