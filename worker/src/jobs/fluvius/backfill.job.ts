import type { JobPayload } from '@ilumen/jobs';
import type { MandateSync } from '@ilumen/services';
import { runJob } from './permanent-failure';

/** One chunk of history before the link; MandateSync queues the next one until the mandate's start is reached. */
export function backfillJob(deps: { sync: MandateSync }) {
  return (payload: JobPayload<'fluvius', 'backfill'>) => runJob(() => deps.sync.backfill(payload.mandateId));
}
