import { setTimeout as delay } from 'node:timers/promises';

/** Passed in wherever time matters, so tests can move time instead of waiting for it. */
export interface Clock {
  now(): Date;
}

/** Waits `ms`; tests pass one that returns at once (and records what was asked). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const systemClock: Clock = { now: () => new Date() };

export const realSleep: Sleep = async (ms, signal) => {
  if (ms <= 0) return;
  await delay(ms, undefined, signal ? { signal } : undefined);
};
