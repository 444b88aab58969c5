import { isAppError } from '@ilumen/services';
import type { RequestContext } from '~/server/context';

/**
 * A site's last known live values for a page's first paint (the live stream's rule, `LIVE_VALUES`), so every page that
 * shows live values has numbers from the start rather than "–" until the stream speaks; none for someone the stream
 * would refuse, who sees the page without them.
 */
export function lastLiveValues(ctx: RequestContext, siteId: number) {
  return ctx.services.live
    .latest(ctx.actor, { siteId })
    .catch((error: unknown) => (isAppError(error) ? null : Promise.reject(error)));
}
