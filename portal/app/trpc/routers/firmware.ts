import {
  releaseCreateInput,
  releaseIdInput,
  releaseListInput,
  rolloutCreateInput,
  rolloutGatewayInput,
  rolloutIdInput,
  rolloutPauseInput,
  rolloutTargetsInput,
  siteTagsInput,
} from '@ilumen/services';
import { input, procedure, router } from '../init';

/**
 * Firmware releases and rollouts (decisions 060–062) for typed clients: fleet staff and admins manage them, support reads. A
 * release made here gives its artifact's URL, size and digest; uploading the artifact itself is the console's form.
 */
export const firmwareRouter = router({
  releases: procedure
    .input(input(releaseListInput).optional())
    .query(({ ctx, input }) => ctx.services.firmware.list(ctx.actor, input ?? {})),
  release: procedure
    .input(input(releaseIdInput))
    .query(({ ctx, input }) => ctx.services.firmware.get(ctx.actor, input)),
  createRelease: procedure
    .input(input(releaseCreateInput))
    .mutation(({ ctx, input }) => ctx.services.firmware.create(ctx.actor, input)),
  retireRelease: procedure
    .input(input(releaseIdInput))
    .mutation(({ ctx, input }) => ctx.services.firmware.retire(ctx.actor, input)),
  rollouts: procedure.query(({ ctx }) => ctx.services.rollouts.list(ctx.actor)),
  rollout: procedure
    .input(input(rolloutIdInput))
    .query(({ ctx, input }) => ctx.services.rollouts.get(ctx.actor, input)),
  rolloutTargets: procedure
    .input(input(rolloutTargetsInput))
    .query(({ ctx, input }) => ctx.services.rollouts.targets(ctx.actor, input)),
  rolloutGatewayLog: procedure
    .input(input(rolloutGatewayInput))
    .query(({ ctx, input }) => ctx.services.rollouts.targetLog(ctx.actor, input)),
  previewRollout: procedure
    .input(input(rolloutCreateInput.partial()))
    .query(({ ctx, input }) => ctx.services.rollouts.preview(ctx.actor, input)),
  createRollout: procedure
    .input(input(rolloutCreateInput))
    .mutation(({ ctx, input }) => ctx.services.rollouts.create(ctx.actor, input)),
  pauseRollout: procedure
    .input(input(rolloutPauseInput))
    .mutation(({ ctx, input }) => ctx.services.rollouts.pause(ctx.actor, input)),
  resumeRollout: procedure
    .input(input(rolloutIdInput))
    .mutation(({ ctx, input }) => ctx.services.rollouts.resume(ctx.actor, input)),
  abortRollout: procedure
    .input(input(rolloutPauseInput))
    .mutation(({ ctx, input }) => ctx.services.rollouts.abort(ctx.actor, input)),
  siteTags: procedure.query(({ ctx }) => ctx.services.rollouts.tags(ctx.actor)),
  tagSites: procedure
    .input(input(siteTagsInput))
    .mutation(({ ctx, input }) => ctx.services.rollouts.tagSites(ctx.actor, input)),
});
