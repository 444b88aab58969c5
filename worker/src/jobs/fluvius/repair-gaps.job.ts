import type { Logger } from '@ilumen/logger';
import type { MandateSync } from '@ilumen/services';
import { runJob } from './permanent-failure';

/** Daily: queues syncDays for recent days with holes or values that should have settled. */
export function repairGapsJob(deps: { sync: MandateSync; logger: Logger }) {
  return () =>
    runJob(async () => {
      const result = await deps.sync.repairGaps();
      deps.logger.info(result, 'fluvius gaps checked');
      return result;
    });
}
