import type { Clock, Sleep } from './time/clock';

/** A clock tests move by hand; share one between the simulator and the client to travel in time together. */
export interface ManualClock extends Clock {
  set(instant: Date): void;
  advance(ms: number): void;
}

export function createManualClock(start: Date): ManualClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (instant) => {
      now = instant.getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A sleep that returns at once and remembers what it was asked (to assert backoff and Retry-After). */
export interface RecordingSleep extends Sleep {
  readonly calls: number[];
}

export function createRecordingSleep(
  options: { clock?: ManualClock; realMsCap?: number } = {},
): RecordingSleep {
  const calls: number[] = [];
  const sleep = async (ms: number) => {
    calls.push(ms);
    options.clock?.advance(ms);
    const real = Math.min(ms, options.realMsCap ?? 0);
    if (real > 0) await new Promise((resolve) => setTimeout(resolve, real));
  };
  return Object.assign(sleep, { calls });
}
