import type { Actor } from '@ilumen/services';
import type { RequestContext } from '~/server/context';

/** The iLusmart page's data: the technical facts, the capacity tariff from history, the latest live quarter value. */
export async function ilusmartData(ctx: RequestContext, actor: Actor, siteId: number) {
  const [facts, capacity, live] = await Promise.all([
    ctx.services.homeowner.ilusmart(actor, { siteId }),
    ctx.services.history.capacity(actor, { siteId }),
    ctx.services.live.latest(actor, { siteId }),
  ]);
  return {
    ...facts,
    capacity: {
      month: capacity.month,
      peak: capacity.peak,
      rolling: { averageW: capacity.rolling.averageW },
    },
    quarterAverageW: live?.live.grid?.quarterAverageW ?? null,
  };
}
