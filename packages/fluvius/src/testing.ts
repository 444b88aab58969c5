import type { FluviusClientConfigInput } from './client/config';
import { createFluviusClient, type FluviusClient, type FluviusClientDeps } from './client/fluvius-client';
import type { SimulatorOptionsInput } from './simulator/simulator-options';
import { type FluviusSimulator, startFluviusSimulator } from './simulator/simulator-server';
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

export interface SimulatedFluvius {
  simulator: FluviusSimulator;
  client: FluviusClient;
  close(): Promise<void>;
}

/** A simulator on a free port and a client configured for it; pass the same clock to both to move time for both. */
export async function startSimulatedFluvius(
  options: {
    simulator?: SimulatorOptionsInput;
    config?: Partial<FluviusClientConfigInput>;
    deps?: FluviusClientDeps;
  } = {},
): Promise<SimulatedFluvius> {
  const simulator = await startFluviusSimulator(options.simulator);
  const client = createFluviusClient({ ...simulator.clientConfig, ...options.config }, options.deps);
  return {
    simulator,
    client,
    async close() {
      await client.close();
      await simulator.close();
    },
  };
}
