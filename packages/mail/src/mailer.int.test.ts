import { type MailSink, startMailSink } from '@ilumen/mail-sink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mailer } from './index';

let sink: MailSink;
let mailer: Mailer;
beforeAll(async () => {
  sink = await startMailSink({ httpPort: null });
  mailer = new Mailer({ smtpUrl: sink.smtpUrl, from: 'iLumen <no-reply@ilumen.be>' });
});
afterAll(async () => {
  mailer.close();
  await sink.close();
});

describe('Mailer', () => {
  it('sends a password-reset mail in the recipient language with the link and no password', async () => {
    await mailer.sendTemplate({
      template: 'password-reset',
      to: 'an@example.be',
      locale: 'fr',
      params: { name: 'An', url: 'http://localhost:3000/reset-password/abc123' },
    });
    const mail = await sink.waitFor((m) => m.to.includes('an@example.be'));
    expect(mail.subject).toBe('Choisissez un nouveau mot de passe pour iLumen');
    expect(mail.text).toContain('http://localhost:3000/reset-password/abc123');
    expect(mail.html).toContain('href="http://localhost:3000/reset-password/abc123"');
    expect(mail.text.toLowerCase()).not.toMatch(/wachtwoord:|mot de passe :/);
  });

  it('escapes what users typed into an invitation', async () => {
    await mailer.sendTemplate({
      template: 'invitation',
      to: 'piet@example.be',
      locale: 'nl',
      params: {
        inviter: '<script>x</script>',
        url: 'http://localhost:3000/invite/t',
        target: { kind: 'site', address: 'Kerkstraat 1, 9000 Gent', scope: 'chargers' },
      },
    });
    const mail = await sink.waitFor((m) => m.to.includes('piet@example.be'));
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('de site Kerkstraat 1, 9000 Gent (iLuCharges)');
  });
});
