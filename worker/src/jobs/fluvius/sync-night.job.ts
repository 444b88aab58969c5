import type { Logger } from '@ilumen/logger';
import type { MandateSync } from '@ilumen/services';
import { runJob } from './permanent-failure';

/** Nightly: one syncMandate job per linked mandate, spread over the night. */
export function syncNightJob(deps: { sync: MandateSync; logger: Logger; spreadMs: number }) {
  return () =>
    runJob(async () => {
      const result = await deps.sync.planNight(deps.spreadMs);
      deps.logger.info({ ...result, spread_ms: deps.spreadMs }, 'fluvius night sync planned');
      return result;
    });
}
