import type { Handlers } from '@ilumen/jobs';
import type { Logger } from '@ilumen/logger';
import type { MandateSync } from '@ilumen/services';
import { backfillJob } from './backfill.job';
import { checkApprovedJob } from './check-approved.job';
import { pollMandateJob } from './poll-mandate.job';
import { pollOpenJob } from './poll-open.job';
import { repairGapsJob } from './repair-gaps.job';
import { syncDaysJob } from './sync-days.job';
import { syncMandateJob } from './sync-mandate.job';
import { syncNightJob } from './sync-night.job';

/** Every job of the `fluvius` queue, bound to one MandateSync (one client, one limiter). */
export function fluviusHandlers(deps: {
  sync: MandateSync;
  logger: Logger;
  spreadMs: number;
}): Handlers<'fluvius'> {
  return {
    pollOpen: pollOpenJob(deps),
    pollMandate: pollMandateJob(deps),
    checkApproved: checkApprovedJob(deps),
    syncNight: syncNightJob(deps),
    syncMandate: syncMandateJob(deps),
    syncDays: syncDaysJob(deps),
    backfill: backfillJob(deps),
    repairGaps: repairGapsJob(deps),
  };
}
