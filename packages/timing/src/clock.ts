import { setTimeout as delay } from 'node:timers/promises';

/**
 * The platform's clock, passed in wherever time matters (services, jobs, the Fluvius client), so tests move time
 * instead of waiting for it. The gateway has a clock of its own kind: a scheduler that also sets timers on simulated
 * time (`gateway-firmware/src/runtime/clock.ts`).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Waits `ms`; tests pass one that returns at once (and records what was asked). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = async (ms, signal) => {
  if (ms <= 0) return;
  await delay(ms, undefined, signal ? { signal } : undefined);
};
