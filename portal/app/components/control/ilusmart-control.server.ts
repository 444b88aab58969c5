import type { Actor } from '@ilumen/services';
import type { RequestContext } from '~/server/context';

/** What the iLusmart page adds for energy control: the three modules' settings and views. */
export async function ilusmartControlData(ctx: RequestContext, actor: Actor, siteId: number) {
  const [peak, dynamic, balancing] = await Promise.all([
    ctx.services.peakShaving.view(actor, { siteId }),
    ctx.services.dynamicCharging.view(actor, { siteId }),
    ctx.services.loadBalancing.view(actor, { siteId }),
  ]);
  return {
    peak,
    dynamic: {
      granted: dynamic.granted,
      enabled: dynamic.enabled,
      hours: dynamic.hours,
      canEdit: dynamic.canEdit,
    },
    balancing,
  };
}

export type IlusmartControlData = Awaited<ReturnType<typeof ilusmartControlData>>;
