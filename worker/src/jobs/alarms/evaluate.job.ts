import type { Logger } from '@ilumen/logger';
import type { AlarmEvaluator } from '@ilumen/services';

/** One alarm evaluation pass over every gateway (decision 041); repeats every minute. */
export function evaluateAlarmsJob(deps: { evaluator: AlarmEvaluator; logger: Logger }) {
  return async () => {
    const result = await deps.evaluator.pass();
    if (result.raised > 0 || result.cleared > 0) deps.logger.info({ ...result }, 'alarms raised or cleared');
    else deps.logger.debug({ ...result }, 'alarm pass');
    return result;
  };
}
