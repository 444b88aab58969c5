import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailSink, startMailSink } from './index';

let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
});
afterAll(async () => {
  await sink.close();
});

/** Speaks raw SMTP, so the test does not depend on our own mail package. */
function sendRaw(url: string, from: string, to: string, body: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection(Number(port), hostname);
    const steps = [
      `EHLO test\r\n`,
      `MAIL FROM:<${from}>\r\n`,
      `RCPT TO:<${to}>\r\n`,
      'DATA\r\n',
      `${body}\r\n.\r\n`,
      'QUIT\r\n',
    ];
    socket.on('data', (chunk) => {
      const line = chunk.toString();
      if (/^[45]\d\d /m.test(line)) reject(new Error(line));
      const next = steps.shift();
      if (next) socket.write(next);
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

describe('mail sink', () => {
  it('keeps mails and lets tests wait for them', async () => {
    const waiting = sink.waitFor((m) => m.to.includes('jan@example.be'));
    await sendRaw(sink.smtpUrl, 'no-reply@ilumen.be', 'jan@example.be', 'Subject: Hallo\r\n\r\nDag Jan');
    const mail = await waiting;
    expect(mail.subject).toBe('Hallo');
    expect(mail.text.trim()).toBe('Dag Jan');
    const res = await fetch(`${sink.httpUrl}/api/messages`);
    const list = (await res.json()) as Array<{ subject: string }>;
    expect(list.map((m) => m.subject)).toContain('Hallo');
  });

  it("lists a mail's attachments in its web inbox and downloads each one as it was sent", async () => {
    const pdf = Buffer.from('%PDF-1.4 demo capacity report\n');
    const body = [
      'Subject: Rapport',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Zie bijlage',
      '--b1',
      'Content-Type: application/pdf; name="capaciteit november.pdf"',
      'Content-Disposition: attachment; filename="capaciteit november.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      pdf.toString('base64'),
      '--b1--',
    ].join('\r\n');
    const waiting = sink.waitFor((m) => m.subject === 'Rapport');
    await sendRaw(sink.smtpUrl, 'no-reply@ilumen.be', 'anna@example.be', body);
    const mail = await waiting;
    const inbox = await (await fetch(`${sink.httpUrl}/`)).text();
    expect(inbox).toContain('capaciteit november.pdf');
    const page = await (await fetch(`${sink.httpUrl}/messages/${mail.id}`)).text();
    expect(page).toContain('Attachments (1)');
    const link = page.match(/href="(\/messages\/\d+\/attachments\/\d+)"/)?.[1];
    expect(link).toBeDefined();
    const file = await fetch(`${sink.httpUrl}${link}`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain('capaciteit%20november.pdf');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(pdf);
    expect((await fetch(`${sink.httpUrl}/messages/${mail.id}/attachments/5`)).status).toBe(404);
  });

  it('rejects a wait that nothing answers', async () => {
    await expect(sink.waitFor((m) => m.subject === 'never', 100)).rejects.toThrow(/No matching mail/);
  });
});
