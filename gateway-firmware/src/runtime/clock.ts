/**
 * Time as the gateway sees it. Everything time-dependent (control cycle, live interval, quarter boundaries, the
 * simulator's physics) asks a Clock instead of `Date.now`/`setTimeout`, so tests drive time by hand and the
 * simulator runs days in minutes. Network plumbing (MQTT keepalive, Modbus timeouts) stays on real time: those are
 * properties of the wire, not of the simulated world.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fn` once, `ms` clock-milliseconds from now. */
  setTimer(ms: number, fn: () => void): ClockTimer;
}

export interface ClockTimer {
  cancel(): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * Simulated time running `speed` times faster than real time from `start`. Anchored on the monotonic clock so
 * a wall-clock step (NTP) does not jump the simulation. `anchorRealMs` lets several processes share one mapping.
 */
export class ScaledClock implements Clock {
  private readonly originPerf: number;

  constructor(
    readonly start: number,
    readonly speed: number,
  ) {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, not ${speed}`);
    this.originPerf = performance.now();
  }

  now(): number {
    return Math.floor(this.start + (performance.now() - this.originPerf) * this.speed);
  }

  setTimer(ms: number, fn: () => void): ClockTimer {
    const due = this.now() + Math.max(0, ms);
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    // setTimeout rounds to whole real milliseconds: re-arm until simulated time has really reached `due`, so a
    // timer never fires early in simulated time (quarter boundaries depend on it).
    const arm = () => {
      if (cancelled) return;
      const left = due - this.now();
      if (left <= 0) {
        fn();
        return;
      }
      handle = setTimeout(arm, Math.max(1, Math.ceil(left / this.speed)));
    };
    arm();
    return {
      cancel: () => {
        cancelled = true;
        clearTimeout(handle);
      },
    };
  }
}

interface PendingTimer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to. `advance` fires due timers in time order and lets pending promise work and
 * I/O callbacks run between them, so async handlers (a publish, a poll) finish before the next timer fires.
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(start: number | Date) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): ClockTimer {
    const timer: PendingTimer = {
      due: this.current + Math.max(0, ms),
      seq: this.seq++,
      fn,
      cancelled: false,
    };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Timers not yet fired or cancelled. */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (including ones they set). */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  async advanceTo(target: number): Promise<void> {
    // work already under way (a resolved write, an arrived answer) finishes before time moves on
    await settle();
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: PendingTimer | undefined;
      for (const t of this.timers) {
        if (t.due <= target && (!next || t.due < next.due || (t.due === next.due && t.seq < next.seq)))
          next = t;
      }
      if (!next) break;
      this.current = Math.max(this.current, next.due);
      next.cancelled = true;
      next.fn();
      await settle();
    }
    this.current = Math.max(this.current, target);
    await settle();
  }
}

/** Lets queued promise callbacks and already-arrived I/O callbacks run. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Resolves after `ms` on `clock`. */
export function sleepOn(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(ms, resolve));
}

/**
 * Calls `fn` every `periodMs` of clock time, aligned to multiples of the period (a 5 s live tick lands on :00, :05…).
 * A tick that comes due while the previous async `fn` still runs is skipped and counted, never queued.
 */
export function every(
  clock: Clock,
  periodMs: number,
  fn: (at: number) => void | Promise<void>,
  onError: (err: unknown) => void,
): { stop(): void; readonly skipped: number } {
  let timer: ClockTimer | undefined;
  let running = false;
  let stopped = false;
  let skipped = 0;
  const schedule = () => {
    if (stopped) return;
    const now = clock.now();
    const next = (Math.floor(now / periodMs) + 1) * periodMs;
    timer = clock.setTimer(next - now, () => {
      schedule();
      if (running) {
        skipped++;
        return;
      }
      running = true;
      let result: void | Promise<void>;
      try {
        result = fn(next);
      } catch (err) {
        running = false;
        onError(err);
        return;
      }
      if (result instanceof Promise) {
        result.catch(onError).finally(() => {
          running = false;
        });
      } else {
        running = false;
      }
    });
  };
  schedule();
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
    get skipped() {
      return skipped;
    },
  };
}
