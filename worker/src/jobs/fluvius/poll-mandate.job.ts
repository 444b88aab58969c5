import type { JobPayload } from '@ilumen/jobs';
import type { MandateSync } from '@ilumen/services';
import { runJob } from './permanent-failure';

/** One mandate now: the homeowner came back from Mijn Fluvius, or someone pressed "check now". */
export function pollMandateJob(deps: { sync: MandateSync }) {
  return (payload: JobPayload<'fluvius', 'pollMandate'>) =>
    runJob(() => deps.sync.pollMandate(payload.mandateId));
}
