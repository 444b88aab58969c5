import { randomUUID } from 'node:crypto';
import { CONTRACT_VERSION, type PayloadInput } from '@ilumen/mqtt-contract';
import type { Clock } from './clock';
import type { Logger } from './logger';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as its source describes it; the sink adds the version, a fresh id and the time. */
export type EventBody = DistributiveOmit<PayloadInput<'event'>, 'v' | 'id' | 'ts'>;
export type EmitEvent = (event: EventBody) => void;

/**
 * Events go out as QoS 1 through the store-and-forward buffer. An event we built wrongly is a bug: it is logged
 * and dropped, never allowed to take down the source that emitted it.
 */
export function createEventSink(
  clock: Clock,
  enqueue: (payload: PayloadInput<'event'>) => void,
  logger: Logger,
): EmitEvent {
  return (event) => {
    const payload = {
      ...event,
      v: CONTRACT_VERSION,
      id: randomUUID(),
      ts: new Date(clock.now()).toISOString(),
    } as PayloadInput<'event'>;
    try {
      enqueue(payload);
    } catch (err) {
      logger.error({ err: (err as Error).message, type: event.type }, 'event not sent: invalid payload');
    }
  };
}
