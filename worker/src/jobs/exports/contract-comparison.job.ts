import type { Db } from '@ilumen/db';
import type { JobPayload } from '@ilumen/jobs';
import { UnrecoverableError } from '@ilumen/jobs';
import type { Logger } from '@ilumen/logger';
import type { Mailer } from '@ilumen/mail';
import { type Clock, ComparisonService, isAppError, loadUserActor } from '@ilumen/services';

export interface ContractComparisonJobDeps {
  db: Db;
  mailer: Mailer;
  logger: Logger;
  clock: Clock;
}

/**
 * The contract comparison's PDF mailed to the person who asked for it (decision 240), in their language, made as that
 * person at the time of sending: someone who lost access to the address in between gets nothing. The job id is the
 * address, the person and the day, so a second request that day mails nothing; a failed delivery is retried by
 * BullMQ (the PDF is made again), and a crash between the mail and the job's end mails it again rather than never.
 */
export function contractComparisonJob(deps: ContractComparisonJobDeps) {
  const service = new ComparisonService({ db: deps.db, clock: deps.clock });
  return async (payload: JobPayload<'exports', 'contractComparison'>, job: { id?: string }) => {
    const actor = await loadUserActor(deps.db, payload.userId);
    if (!actor) throw new UnrecoverableError(`contract comparison: user ${payload.userId} is not active`);
    let made: Awaited<ReturnType<ComparisonService['comparisonPdf']>>;
    try {
      made = await service.comparisonPdf(actor, { siteId: payload.siteId }, actor.locale);
    } catch (err) {
      // Refused (no access any more, the address is gone): retrying would not change that.
      if (isAppError(err)) throw new UnrecoverableError(err.message);
      throw err;
    }
    if (!made) return { sent: false, reason: 'no whole month yet' };
    const { messageId } = await deps.mailer.sendTemplate(
      {
        template: 'contract-comparison',
        to: actor.email,
        locale: actor.locale,
        params: { address: made.address, from: made.from, to: made.to },
      },
      [{ filename: made.filename, content: made.pdf, contentType: 'application/pdf' }],
    );
    deps.logger.info(
      { job: job.id, site_id: payload.siteId, bytes: made.pdf.length, message_id: messageId },
      'contract comparison mailed',
    );
    return { sent: true };
  };
}
