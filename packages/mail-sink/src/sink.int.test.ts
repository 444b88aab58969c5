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

  it('rejects a wait that nothing answers', async () => {
    await expect(sink.waitFor((m) => m.subject === 'never', 100)).rejects.toThrow(/No matching mail/);
  });
});
