import type { JobPayload } from '@ilumen/jobs';
import type { Logger } from '@ilumen/logger';
import type { RolloutEngine } from '@ilumen/services';

/**
 * Moves rollouts on: one rollout when the job names it (created or resumed just now), otherwise every running one.
 * Idempotent and safe to run in several workers at once (the engine locks each rollout while it decides).
 */
export function tickJob(deps: { engine: RolloutEngine; logger: Logger }) {
  return async (payload: JobPayload<'rollouts', 'tick'>) => {
    const results = payload.rolloutId
      ? [await deps.engine.step(payload.rolloutId)]
      : await deps.engine.tick();
    const busy = results.filter((r) => r.dispatched || r.timedOut || r.sendFailed || r.event !== 'none');
    if (busy.length > 0) deps.logger.info({ rollouts: busy }, 'rollouts moved on');
    return { rollouts: results.length, dispatched: results.reduce((a, r) => a + r.dispatched, 0) };
  };
}
