import type { MailSendPayload } from '@ilumen/jobs';
import type { Logger } from '@ilumen/logger';
import type { Mailer } from '@ilumen/mail';

/** Sends one templated mail. Retried with backoff by BullMQ when the SMTP server is unreachable. */
export function sendMailJob(deps: { mailer: Mailer; logger: Logger }) {
  return async (payload: MailSendPayload, job: { id?: string }) => {
    const { messageId } = await deps.mailer.sendTemplate(payload);
    deps.logger.info({ job: job.id, template: payload.template, message_id: messageId }, 'mail sent');
    return { messageId };
  };
}
