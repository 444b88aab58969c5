import type { JobPayload } from '@ilumen/jobs';
import type { MandateSync } from '@ilumen/services';
import { runJob } from './permanent-failure';

/** The days after the last complete one through yesterday, for one mandate. */
export function syncMandateJob(deps: { sync: MandateSync }) {
  return (payload: JobPayload<'fluvius', 'syncMandate'>) =>
    runJob(() => deps.sync.syncMandate(payload.mandateId, payload.through));
}
