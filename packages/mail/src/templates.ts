import {
  alarmText,
  formatDate,
  formatDateTime,
  formatEuro,
  formatHourMinute,
  formatMonthYear,
  type Locale,
  type Translator,
  translator,
} from '@ilumen/i18n';
import type { MailSendPayload } from '@ilumen/jobs';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One layout for every mail: greeting, paragraphs, one button, the signature. Plain text alongside the HTML. */
function layout(
  t: Translator,
  parts: { name?: string; paragraphs: string[]; action?: { label: string; url: string }; footer?: string },
): Omit<RenderedMail, 'subject'> {
  const greeting = parts.name ? t('mail.greeting', { name: parts.name }) : undefined;
  const text = [
    greeting,
    ...parts.paragraphs,
    parts.action ? `${parts.action.label}: ${parts.action.url}` : undefined,
    parts.footer,
    t('mail.signature'),
  ]
    .filter(Boolean)
    .join('\n\n');
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;color:#1a1b1e;max-width:560px">
${greeting ? `<p>${escapeHtml(greeting)}</p>` : ''}
${parts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${parts.action ? `<p><a href="${escapeHtml(parts.action.url)}" style="background:#f08c00;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none;display:inline-block">${escapeHtml(parts.action.label)}</a></p><p style="font-size:12px;color:#666">${escapeHtml(parts.action.url)}</p>` : ''}
${parts.footer ? `<p style="font-size:12px;color:#666">${escapeHtml(parts.footer)}</p>` : ''}
<p>${escapeHtml(t('mail.signature'))}</p>
</body></html>`;
  return { text, html };
}

export function renderMail(job: MailSendPayload): RenderedMail {
  const t = translator(job.locale as Locale);
  switch (job.template) {
    case 'password-reset':
      return {
        subject: t('mail.reset.subject'),
        ...layout(t, {
          name: job.params.name,
          paragraphs: [t('mail.reset.body')],
          action: { label: t('mail.reset.action'), url: job.params.url },
          footer: t('mail.ignore'),
        }),
      };
    case 'invitation': {
      const target =
        job.params.target.kind === 'organization'
          ? t('mail.invite.targetOrg', {
              organization: job.params.target.organization,
              role: t(`role.${job.params.target.role}`),
            })
          : t('mail.invite.targetSite', {
              address: job.params.target.address,
              scope: t(
                job.params.target.scope === 'owner'
                  ? 'siteRole.owner'
                  : `siteScope.${job.params.target.scope}`,
              ),
            });
      return {
        subject: t('mail.invite.subject'),
        ...layout(t, {
          paragraphs: [t('mail.invite.body', { inviter: job.params.inviter, target })],
          action: { label: t('mail.invite.action'), url: job.params.url },
          footer: t('mail.ignore'),
        }),
      };
    }
    case 'email-change': {
      const p = { old: job.params.oldEmail, new: job.params.newEmail };
      return {
        subject: t('mail.emailChange.subject'),
        ...layout(t, {
          name: job.params.name,
          paragraphs: [t('mail.emailChange.body', p)],
          action: { label: t('mail.emailChange.action'), url: job.params.url },
          footer: t('mail.ignore'),
        }),
      };
    }
    case 'email-changed':
      return {
        subject: t('mail.emailChanged.subject'),
        ...layout(t, {
          name: job.params.name,
          paragraphs: [t('mail.emailChanged.body', { old: job.params.oldEmail, new: job.params.newEmail })],
        }),
      };
    case 'alarm-digest': {
      const p = job.params;
      const lines = p.alarms.map(
        (a) =>
          `${t(`alarms.severity.${a.severity}`)} · ${t(`alarms.kind.${a.kind}`)} · ${a.address} — ${alarmText(t, { kind: a.kind, details: a.params })} (${formatDateTime(job.locale as Locale, a.raisedAt)})`,
      );
      const rest = p.count - p.alarms.length;
      return {
        subject: t('mail.alarmDigest.subject', { count: p.count }),
        ...layout(t, {
          name: p.name,
          paragraphs: [
            t(`mail.alarmDigest.body.${p.frequency}`),
            ...lines,
            ...(rest > 0 ? [t('mail.alarmDigest.more', { count: rest })] : []),
          ],
          action: { label: t('mail.alarmDigest.action'), url: p.url },
          footer: t('mail.alarmDigest.footer'),
        }),
      };
    }
    case 'charge-sessions': {
      const p = job.params;
      const locale = job.locale as Locale;
      const period = { from: formatDate(locale, p.from), to: formatDate(locale, p.to) };
      const scope = t(`mail.chargeExport.scope.${p.scope}`, {
        charger: p.charger ?? '',
        address: p.address ?? '',
        count: p.siteCount ?? 0,
      });
      return {
        subject: t('mail.chargeExport.subject', period),
        ...layout(t, {
          name: p.name,
          paragraphs: [
            t('mail.chargeExport.body', { ...period, scope, count: p.count }),
            ...(p.count === 0 ? [t('mail.chargeExport.empty')] : []),
          ],
        }),
      };
    }
    case 'maintenance-charge': {
      const p = job.params;
      const locale = job.locale as Locale;
      const window = {
        day: formatDate(locale, p.from),
        from: formatHourMinute(locale, p.from),
        to: formatHourMinute(locale, p.to),
      };
      return {
        subject: t('mail.maintenance.subject'),
        ...layout(t, {
          name: p.name,
          paragraphs: [
            t('mail.maintenance.body', { address: p.address, ...window }),
            t('mail.maintenance.why'),
          ],
          action: { label: t('mail.maintenance.action'), url: p.url },
        }),
      };
    }
    case 'commissioning-done': {
      const p = job.params;
      return {
        subject: t('mail.commissioning.subject'),
        ...layout(t, {
          name: p.name ?? undefined,
          paragraphs: [
            t('mail.commissioning.body', { address: p.address }),
            ...(p.name ? [] : [t('mail.commissioning.invited')]),
          ],
          action: { label: t('mail.commissioning.action'), url: p.url },
        }),
      };
    }
    case 'company-car-statement': {
      const p = job.params;
      const locale = job.locale as Locale;
      const month = formatMonthYear(locale, `${p.month}-01`);
      const correction = p.version > 1;
      return {
        subject: t(correction ? 'mail.companyCar.correctionSubject' : 'mail.companyCar.subject', { month }),
        ...layout(t, {
          paragraphs: [
            t(correction ? 'mail.companyCar.correctionBody' : 'mail.companyCar.body', {
              month,
              address: p.address,
              charger: p.charger,
              total: p.totalEur === null ? '—' : formatEuro(locale, p.totalEur),
            }),
          ],
          footer: t('mail.companyCar.footer'),
        }),
      };
    }
    case 'contract-comparison': {
      const p = job.params;
      const locale = job.locale as Locale;
      return {
        subject: t('mail.comparison.subject', { address: p.address }),
        ...layout(t, {
          paragraphs: [
            t('mail.comparison.body', {
              address: p.address,
              from: formatDate(locale, p.from),
              to: formatDate(locale, p.to),
            }),
          ],
          footer: t('mail.comparison.footer'),
        }),
      };
    }
    case 'fluvius-mandate': {
      const { event, ean, endsOn } = job.params;
      const p = { ean, endsOn: endsOn ? formatDate(job.locale as Locale, endsOn) : '' };
      return {
        subject: t(`mail.mandate.${event}.subject`),
        ...layout(t, {
          name: job.params.name,
          paragraphs: [t(`mail.mandate.${event}.body`, p)],
          action: { label: t(`mail.mandate.${event}.action`), url: job.params.url },
        }),
      };
    }
  }
}
