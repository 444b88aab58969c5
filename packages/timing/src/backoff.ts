/** How a retry waits: the first retry `baseMs`, doubling per attempt up to `maxMs`. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before the next try, after attempt `attempt` (1-based) failed: exponential, capped. With `random`, "equal
 * jitter": half of the step is fixed so the wait never collapses to zero, half is random so a fleet of callers does not
 * retry in lockstep. Every retry loop of the product (the Fluvius client, the gateway's firmware download and Modbus
 * bus, the ingest's writes) waits by this rule; BullMQ jobs use BullMQ's own exponential backoff.
 */
export function backoffDelayMs(attempt: number, backoff: Backoff, random?: () => number): number {
  const step = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return random ? Math.round(step / 2 + random() * (step / 2)) : step;
}
