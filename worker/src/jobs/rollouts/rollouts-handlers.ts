import type { Handlers, JobProducer } from '@ilumen/jobs';
import type { Logger } from '@ilumen/logger';
import type { RolloutEngine } from '@ilumen/services';
import { tickJob } from './tick.job';

/** Every job of the `rollouts` queue. */
export function rolloutHandlers(deps: { engine: RolloutEngine; logger: Logger }): Handlers<'rollouts'> {
  return { tick: tickJob(deps) };
}

/** The repeating tick, upserted at start (one schedule whatever the number of workers). */
export async function scheduleRolloutJobs(jobs: JobProducer, tickMs: number): Promise<void> {
  await jobs.schedule('rollouts', 'rollouts-tick', tickMs, 'tick', {});
}
