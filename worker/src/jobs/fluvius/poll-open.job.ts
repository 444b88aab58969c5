import type { Logger } from '@ilumen/logger';
import type { MandateSync } from '@ilumen/services';
import { runJob } from './permanent-failure';

/** Hourly: asks Fluvius about every mandate still waiting for a decision (one failing mandate does not stop the rest). */
export function pollOpenJob(deps: { sync: MandateSync; logger: Logger }) {
  return () =>
    runJob(async () => {
      const result = await deps.sync.pollOpen();
      if (result.polled > 0) deps.logger.info(result, 'fluvius open mandates polled');
      return result;
    });
}
