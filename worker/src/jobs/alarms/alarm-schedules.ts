import type { JobProducer } from '@ilumen/jobs';

/** The alarm jobs' schedulers, upserted at every start (their ids are the business keys). */
export async function scheduleAlarmJobs(
  jobs: JobProducer,
  options: { evaluateEveryS: number; digestEveryS: number },
): Promise<void> {
  await jobs.schedule('alarms', 'evaluate', options.evaluateEveryS * 1000, 'evaluate', {});
  await jobs.schedule('alarms', 'digest', options.digestEveryS * 1000, 'digest', {});
}
