import type { JobPayload } from '@ilumen/jobs';
import type { MandateSync } from '@ilumen/services';
import { runJob } from './permanent-failure';

/** Specific days again: holes, or values Fluvius has since corrected. */
export function syncDaysJob(deps: { sync: MandateSync }) {
  return (payload: JobPayload<'fluvius', 'syncDays'>) =>
    runJob(() => deps.sync.syncDays(payload.mandateId, payload.from, payload.to));
}
