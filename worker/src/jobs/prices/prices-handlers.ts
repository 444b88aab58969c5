import { addDays, type LocalDate, localDate } from '@ilumen/energy';
import { type EntsoeClient, EntsoeRateLimitError } from '@ilumen/entsoe';
import type { Handlers, JobProducer } from '@ilumen/jobs';
import { UnrecoverableError } from '@ilumen/jobs';
import type { Logger } from '@ilumen/logger';
import { PRICE_ZONE, type Services, systemActor } from '@ilumen/services';
import { withRetry } from '@ilumen/services/energy';

export interface PriceJobDeps {
  services: Pick<Services, 'prices' | 'dynamicCharging' | 'gatewayConfig'>;
  /** Null without ENTSOE_* settings: only planning and sending run. */
  client: EntsoeClient | null;
  jobs: JobProducer;
  logger: Logger;
  now: () => Date;
  /** Sites per publishPlans job. */
  chunk: number;
}

const actor = systemActor('dynamic-charging');

/**
 * The `prices` queue: tomorrow's day-ahead prices fetched (ENTSO-E A44, BE) until they are in, every site with
 * dynamic charging planned on them, and the plans sent to the gateways in chunks. Job ids come from the day, so a
 * repeated fetch or plan adds nothing; a 429 waits out ENTSO-E's ban (the job is retried after it).
 */
export function priceHandlers(deps: PriceJobDeps): Handlers<'prices'> {
  async function fetchDay(day: LocalDate) {
    if (!deps.client)
      throw new UnrecoverableError('no ENTSO-E client (ENTSOE_BASE_URL and ENTSOE_TOKEN unset)');
    let result: Awaited<ReturnType<EntsoeClient['fetchDayAhead']>>;
    try {
      result = await deps.client.fetchDayAhead({ zone: 'BE', day });
    } catch (err) {
      if (err instanceof EntsoeRateLimitError)
        deps.logger.warn(
          { day, retryAt: new Date(err.retryAt).toISOString() },
          'ENTSO-E rate limit: waiting',
        );
      throw err;
    }
    const stored = await deps.services.prices.store(result);
    if (!stored.stored) {
      deps.logger.info({ day }, 'ENTSO-E has no prices for the day yet');
      return { day, status: 'no-data' as const };
    }
    deps.logger.info(
      { day, slots: stored.slots, minutes: stored.minutes, complete: stored.complete },
      'day-ahead prices stored',
    );
    // planned once per day (a correction later re-plans through fetchDay's own job id)
    await deps.jobs.add(
      'prices',
      'planDay',
      { day },
      { jobId: `plan-${day}-${stored.slots}-${stored.complete ? 'c' : 'p'}` },
    );
    return { day, status: 'stored' as const, slots: stored.slots, complete: stored.complete };
  }

  return {
    async fetchTomorrow() {
      const tomorrow = addDays(localDate(deps.now()), 1);
      const have = await deps.services.prices.day(PRICE_ZONE, tomorrow);
      if (have?.complete) return { day: tomorrow, status: 'have' };
      return fetchDay(tomorrow);
    },
    async fetchDay({ day }) {
      return fetchDay(day);
    },
    async planDay({ day }, job) {
      const r = await deps.services.dynamicCharging.planDay(day);
      if (!r.prices) return { day, planned: 0, status: 'no-prices' };
      for (let i = 0; i < r.siteIds.length; i += deps.chunk) {
        const siteIds = r.siteIds.slice(i, i + deps.chunk);
        await deps.jobs.add('prices', 'publishPlans', { day, siteIds }, { jobId: `publish-${job.id}-${i}` });
      }
      deps.logger.info({ day, sites: r.siteIds.length }, 'cheapest hours planned');
      return { day, planned: r.siteIds.length };
    },
    async publishPlans({ siteIds }) {
      let sent = 0;
      let failed = 0;
      for (const siteId of siteIds) {
        try {
          // first configs of neighbouring gateways can deadlock on the same index gap: the loser goes again
          if (await withRetry(() => deps.services.gatewayConfig.publishForSite(actor, siteId))) sent++;
        } catch (err) {
          // one site's broker trouble must not hold the others back; its plan goes with its next config
          failed++;
          deps.logger.warn({ siteId, err: (err as Error).message }, 'plan not sent');
        }
      }
      return { sent, failed };
    },
  };
}

/**
 * The price jobs' scheduler, upserted at every start, and at every start today's and tomorrow's prices once (a
 * worker that was down at 13:00 catches up; job ids from the day, so a restart the same day asks nothing twice).
 */
export async function schedulePriceJobs(
  jobs: JobProducer,
  cron: string,
  now: () => Date = () => new Date(),
): Promise<void> {
  await jobs.raw('prices').upsertJobScheduler(
    'prices-fetch-tomorrow',
    { pattern: cron, tz: 'Europe/Brussels' },
    {
      name: 'fetchTomorrow',
      data: {},
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    },
  );
  const today = localDate(now());
  await jobs.add('prices', 'fetchDay', { day: today }, { jobId: `fetch-${today}-start` });
  await jobs.add('prices', 'fetchTomorrow', {}, { jobId: `fetch-tomorrow-${today}-start`, attempts: 1 });
}
