import { translate } from '@ilumen/i18n';
import { policy } from '@ilumen/services';
import { data } from '@remix-run/node';
import { lastLiveValues } from '~/components/energy/live.server';
import type { RequestContext } from '~/server/context';

/**
 * What every homeowner page's frame needs: the person's addresses, the bell's count and whether this is an embed
 * session. Inside an iframe whose session ran out, a login page could not be shown (it may not be framed), so the
 * frame says the view expired instead.
 */
export async function homeFrame(ctx: RequestContext, request: Request) {
  if (ctx.actor.type !== 'user') {
    if (request.headers.get('sec-fetch-dest') === 'iframe')
      throw data({ message: translate(ctx.locale, 'home.sessionEnded') }, { status: 401 });
  }
  const actor = policy.requireUser(ctx.actor);
  const [sites, unread, chargers] = await Promise.all([
    ctx.services.homeowner.sites(actor),
    ctx.services.notifications.unreadCount(actor),
    ctx.services.homeowner.chargers(actor),
  ]);
  return {
    sites,
    unread,
    user: { name: actor.name },
    embedded: policy.isEmbedded(actor),
    hasChargers: chargers.some((c) => c.chargers.length > 0),
  };
}

/** The dashboard of one address: what is there, yesterday's summary and the months' net import with its cost. */
export async function dashboardData(ctx: RequestContext, siteId: number | string | undefined) {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId });
  const [yesterday, monthly, live] = await Promise.all([
    ctx.services.history.yesterday(ctx.actor, { siteId: site.id }),
    ctx.services.history.monthlyNet(ctx.actor, { siteId: site.id, months: 12 }),
    // the last known live values, so the first paint shows numbers rather than "–" until the stream speaks
    site.hasGateway ? lastLiveValues(ctx, site.id) : null,
  ]);
  return { site, energy: { yesterday, monthly }, live };
}
