import type { Logger } from '@ilumen/logger';
import type { AlarmDigest } from '@ilumen/services';

/** Mails each person the alarms raised since their last digest, at the frequency they chose. */
export function alarmDigestJob(deps: { digest: AlarmDigest; logger: Logger }) {
  return async () => {
    const result = await deps.digest.run();
    if (result.mailed > 0) deps.logger.info({ ...result }, 'alarm digests queued');
    return result;
  };
}
