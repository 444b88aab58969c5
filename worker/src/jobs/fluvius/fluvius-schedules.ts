import type { JobProducer } from '@ilumen/jobs';

export interface FluviusSchedule {
  pollMinutes: number;
  syncCron: string;
  checkCron: string;
  repairCron: string;
}

const TZ = 'Europe/Brussels';

/**
 * The repeating Fluvius jobs, upserted at start (scheduler ids are the business keys, so every worker start and every
 * worker process agree on one schedule). Cron times are Brussels wall-clock times.
 */
export async function scheduleFluviusJobs(jobs: JobProducer, s: FluviusSchedule): Promise<void> {
  await jobs.schedule('fluvius', 'fluvius-poll-open', s.pollMinutes * 60_000, 'pollOpen', {});
  const queue = jobs.raw('fluvius');
  const cron = (id: string, pattern: string, name: 'syncNight' | 'checkApproved' | 'repairGaps') =>
    queue.upsertJobScheduler(
      id,
      { pattern, tz: TZ },
      { name, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
  await cron('fluvius-sync-night', s.syncCron, 'syncNight');
  await cron('fluvius-check-approved', s.checkCron, 'checkApproved');
  await cron('fluvius-repair-gaps', s.repairCron, 'repairGaps');
}
