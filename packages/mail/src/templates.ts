import { type Locale, type Translator, formatDate, translator } from '@ilumen/i18n';
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
function layout(t: Translator, parts: { name?: string; paragraphs: string[]; action?: { label: string; url: string }; footer?: string }): Omit<RenderedMail, 'subject'> {
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
          ? t('mail.invite.targetOrg', { organization: job.params.target.organization, role: t(`role.${job.params.target.role}`) })
          : t('mail.invite.targetSite', {
              address: job.params.target.address,
              scope: t(job.params.target.scope === 'owner' ? 'siteRole.owner' : `siteScope.${job.params.target.scope}`),
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
        ...layout(t, { name: job.params.name, paragraphs: [t('mail.emailChanged.body', { old: job.params.oldEmail, new: job.params.newEmail })] }),
      };
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
