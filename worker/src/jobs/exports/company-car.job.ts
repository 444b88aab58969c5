import type { Db } from '@ilumen/db';
import type { JobPayload, JobProducer } from '@ilumen/jobs';
import type { Logger } from '@ilumen/logger';
import type { Mailer } from '@ilumen/mail';
import type { Clock } from '@ilumen/services';
import { CompanyCarService, previousMonth } from '@ilumen/services';

export interface CompanyCarJobDeps {
  db: Db;
  mailer: Mailer;
  logger: Logger;
  clock: Clock;
}

/** How many months back a late CREG rate still gives a correction (a quarter's rate comes within a few months). */
const CORRECTION_MONTHS = 6;

/**
 * The company cars' statements (decision 192): last month's statement per charger, corrections of the months before
 * when the quarter's CREG rate came in after a provisional statement, then every statement not mailed yet goes to its
 * employer with its PDF and CSV, and is marked sent. Running it again makes and sends nothing twice: a statement is
 * unique per charger, month and version, and marked sent after its mail was accepted (a crash in between mails it
 * again, never loses it).
 */
export function companyCarStatementsJob(deps: CompanyCarJobDeps) {
  const service = new CompanyCarService({ db: deps.db, clock: deps.clock });
  return async (payload: JobPayload<'exports', 'companyCarStatements'>) => {
    let month = payload.month ?? previousMonth(deps.clock.now());
    const created: number[] = [];
    for (let i = 0; i < CORRECTION_MONTHS; i++) {
      created.push(...(await service.run(month)));
      month = previousMonth(new Date(`${month}-15T12:00:00Z`));
    }
    let sent = 0;
    for (const s of await service.unsent()) {
      await deps.mailer.sendTemplate(
        {
          template: 'company-car-statement',
          to: s.to,
          locale: s.locale,
          params: {
            address: s.address,
            charger: s.charger,
            month: s.month,
            version: s.version,
            totalEur: s.totalEur,
          },
        },
        [
          { filename: s.filename('pdf'), content: s.pdf, contentType: 'application/pdf' },
          { filename: s.filename('csv'), content: s.csv, contentType: 'text/csv; charset=utf-8' },
        ],
      );
      await service.markSent(s.id);
      sent++;
    }
    if (created.length > 0 || sent > 0)
      deps.logger.info({ created: created.length, sent }, 'company car statements');
    return { created: created.length, sent };
  };
}

/**
 * Daily at the given cron (Brussels): the statements go out in the first days of a month, corrections when due. Also
 * once when the worker starts (one job id per day, so schedule upserts do not repeat it): a worker that was down at
 * the cron's hour, or a fresh demo, does not wait a day.
 */
export async function scheduleCompanyCarJob(jobs: JobProducer, cron: string, now: Date): Promise<void> {
  await jobs.add(
    'exports',
    'companyCarStatements',
    {},
    { jobId: `company-car-${now.toISOString().slice(0, 10)}` },
  );
  await jobs.raw('exports').upsertJobScheduler(
    'company-car-statements',
    { pattern: cron, tz: 'Europe/Brussels' },
    {
      name: 'companyCarStatements',
      data: {},
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    },
  );
}
