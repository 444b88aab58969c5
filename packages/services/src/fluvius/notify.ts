import type { Database, Db, Locale, MandateRow, Transaction } from '@ilumen/db';
import { formatDate, type MessageKey } from '@ilumen/i18n';
import type { JobProducer, mailTemplates } from '@ilumen/jobs';
import type { z } from 'zod';
import { notify } from '../homeowner/notifications';

export type MandateEvent = z.infer<(typeof mailTemplates)['fluvius-mandate']>['event'];

interface Recipient {
  userId: number;
  email: string;
  name: string;
  locale: Locale;
}

/** A mail to send once the transaction that decided it has committed. */
export interface PendingMail {
  jobId: string;
  to: string;
  locale: Locale;
  params: z.infer<(typeof mailTemplates)['fluvius-mandate']>;
}

/**
 * Who hears about a mandate: the owners of the address it is linked to, or — before it is linked — the homeowner who
 * asked for it. A site without an owner yet has nobody to tell (the console shows the status).
 */
async function recipients(trx: Db | Transaction<Database>, mandate: MandateRow): Promise<Recipient[]> {
  const base = trx
    .selectFrom('users as u')
    .select(['u.id as userId', 'u.email', 'u.name', 'u.locale'])
    .where('u.active', '=', true);
  if (mandate.site_id !== null) {
    const owners = await base
      .innerJoin('site_members as sm', 'sm.user_id', 'u.id')
      .where('sm.site_id', '=', mandate.site_id)
      .where('sm.role', '=', 'owner')
      .orderBy('u.id')
      .execute();
    if (owners.length > 0 || mandate.user_id === null) return owners;
  }
  if (mandate.user_id === null) return [];
  return base.where('u.id', '=', mandate.user_id).execute();
}

/** Where the mail's button leads: linking for a ready mandate, a new request for everything that ended one. */
function actionPath(mandate: MandateRow, event: MandateEvent): string {
  return event === 'ready'
    ? `/app/mandates?link=${mandate.id}`
    : event === 'renewal'
      ? '/app/mandates'
      : '/app/add-address';
}

/**
 * Tells the owner, in the caller's transaction: a notification per recipient and the mandate marked as told. The mails
 * are returned to be queued after commit (job ids from mandate, event and person, so a retried job sends one mail).
 */
export async function tellOwner(
  trx: Db | Transaction<Database>,
  mandate: MandateRow,
  event: MandateEvent,
  options: { publicUrl: string; endsOn: string | null },
): Promise<PendingMail[]> {
  if (mandate.notified === event) return [];
  const people = await recipients(trx, mandate);
  for (const person of people) {
    // Notifications keep their parameters as written: the date goes in in the reader's own format.
    const params = {
      ean: mandate.ean,
      endsOn: options.endsOn ? formatDate(person.locale, options.endsOn) : '',
    };
    await notify(trx, {
      userId: person.userId,
      siteId: mandate.site_id,
      kind: event === 'ready' ? 'mandate.ready' : 'system',
      titleKey: `notification.mandate.${event}.title` as MessageKey,
      bodyKey: `notification.mandate.${event}.body` as MessageKey,
      params,
    });
  }
  await trx.updateTable('fluvius_mandates').set({ notified: event }).where('id', '=', mandate.id).execute();
  const url = `${options.publicUrl.replace(/\/+$/, '')}${actionPath(mandate, event)}`;
  return people.map((person) => ({
    jobId: `mandate-${mandate.id}-${event}-${person.userId}`,
    to: person.email,
    locale: person.locale,
    params: { name: person.name, event, ean: mandate.ean, endsOn: options.endsOn, url },
  }));
}

/**
 * Consent was given at Fluvius for another EAN than the one typed here: the mandate now follows Fluvius's EAN, and the
 * owner is told which one, in the caller's transaction (once: the EAN changes only once).
 */
export async function tellEanChanged(
  trx: Db | Transaction<Database>,
  mandate: MandateRow,
  typed: string,
): Promise<void> {
  for (const person of await recipients(trx, mandate)) {
    await notify(trx, {
      userId: person.userId,
      siteId: mandate.site_id,
      kind: 'system',
      titleKey: 'notification.mandate.eanChanged.title',
      bodyKey: 'notification.mandate.eanChanged.body',
      params: { ean: mandate.ean, typed },
    });
  }
}

export async function queueMails(jobs: JobProducer, mails: PendingMail[]): Promise<void> {
  for (const mail of mails) {
    await jobs.add(
      'mail',
      'send',
      { template: 'fluvius-mandate', to: mail.to, locale: mail.locale, params: mail.params },
      { jobId: mail.jobId },
    );
  }
}
