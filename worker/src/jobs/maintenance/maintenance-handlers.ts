import type { Handlers, JobProducer } from '@ilumen/jobs';
import type { Logger } from '@ilumen/logger';
import { type Services, systemActor } from '@ilumen/services';
import { withRetry } from '@ilumen/services/energy';

export interface MaintenanceJobDeps {
  services: Pick<Services, 'maintenance' | 'gatewayConfig'>;
  logger: Logger;
  intervalDays: number;
  windowHours: number;
}

const actor = systemActor('maintenance');

/**
 * The `maintenance` queue: daily, batteries that have not been at 100 % within the interval get a charge planned in
 * the cheapest window and announced (app and mail), and their gateways get it in their configuration; every few
 * minutes, what the gateways reported is recorded, and a charge that ended leaves the configuration.
 */
export function maintenanceHandlers(deps: MaintenanceJobDeps): Handlers<'maintenance'> {
  async function send(siteIds: Iterable<number>) {
    let sent = 0;
    for (const siteId of siteIds) {
      try {
        if (await withRetry(() => deps.services.gatewayConfig.publishForSite(actor, siteId))) sent++;
      } catch (err) {
        deps.logger.warn({ siteId, err: (err as Error).message }, 'maintenance config not sent');
      }
    }
    return sent;
  }
  return {
    async planDue() {
      const r = await deps.services.maintenance.planDue({
        intervalDays: deps.intervalDays,
        windowHours: deps.windowHours,
      });
      const sent = await send(new Set(r.planned.map((p) => p.siteId)));
      if (r.planned.length > 0)
        deps.logger.info({ planned: r.planned.length, mails: r.mails, sent }, 'maintenance charges planned');
      return { planned: r.planned.length, mails: r.mails, sent };
    },
    async reconcile() {
      const r = await deps.services.maintenance.reconcile();
      const sent = await send(r.sites);
      return { updated: r.updated, sent };
    },
  };
}

export async function scheduleMaintenanceJobs(
  jobs: JobProducer,
  options: { cron: string; reconcileS: number },
): Promise<void> {
  await jobs
    .raw('maintenance')
    .upsertJobScheduler(
      'maintenance-plan-due',
      { pattern: options.cron, tz: 'Europe/Brussels' },
      { name: 'planDue', data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
  await jobs.schedule('maintenance', 'maintenance-reconcile', options.reconcileS * 1000, 'reconcile', {});
}
