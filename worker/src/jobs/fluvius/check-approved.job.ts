import type { Logger } from '@ilumen/logger';
import type { MandateSync } from '@ilumen/services';
import { runJob } from './permanent-failure';

/** Daily: approved mandates' renewal status and end date (the owner is told about ToBeRenewed and expiry). */
export function checkApprovedJob(deps: { sync: MandateSync; logger: Logger }) {
  return () =>
    runJob(async () => {
      const result = await deps.sync.checkApproved();
      deps.logger.info(result, 'fluvius approved mandates checked');
      return result;
    });
}
