import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One mail caught by the sink, as tests and the demo's inbox page read it back. */
export interface SunkMail {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: Array<{ filename: string; contentType: string; size: number; content: Buffer }>;
}

export interface MailSink {
  smtpUrl: string;
  httpUrl: string | null;
  messages(): SunkMail[];
  /** Resolves with the first mail (already received or arriving) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (mail: SunkMail) => boolean, timeoutMs?: number): Promise<SunkMail>;
  clear(): void;
  close(): Promise<void>;
}

export interface MailSinkOptions {
  smtpPort?: number;
  /** Port of the small inbox web page and JSON API; `null` for none. */
  httpPort?: number | null;
  host?: string;
  /** Keep at most this many mails (oldest dropped first). */
  limit?: number;
}

/**
 * A local SMTP server that accepts every mail and keeps it in memory, with a JSON API and a plain inbox page.
 * It stands in for a real mail server in development and tests; nothing leaves the machine.
 */
export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.limit ?? 1000;
  const mails: SunkMail[] = [];
  const waiters = new Set<{ match: (m: SunkMail) => boolean; resolve: (m: SunkMail) => void }>();
  let nextId = 1;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: SunkMail = {
            id: nextId++,
            receivedAt: new Date().toISOString(),
            from: parsed.from?.text ?? session.envelope.mailFrom?.toString() ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename ?? 'attachment',
              contentType: a.contentType,
              size: a.size,
              content: a.content,
            })),
          };
          mails.push(mail);
          if (mails.length > limit) mails.shift();
          for (const w of [...waiters]) {
            if (w.match(mail)) {
              waiters.delete(w);
              w.resolve(mail);
            }
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  const smtpPort = await listen((port) => smtp.listen(port, host), smtp.server, options.smtpPort ?? 0);

  let http: Server | null = null;
  let httpUrl: string | null = null;
  if (options.httpPort !== null) {
    http = createServer((req, res) => handleHttp(req, res, mails, () => mails.splice(0)));
    const httpPort = await listen((port) => http!.listen(port, host), http, options.httpPort ?? 0);
    httpUrl = `http://${host}:${httpPort}`;
  }

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl,
    messages: () => [...mails],
    waitFor(match, timeoutMs = 10_000) {
      const found = mails.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (m: SunkMail) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching mail within ${timeoutMs} ms (${mails.length} mails in the sink)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear: () => {
      mails.splice(0);
    },
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (http) await new Promise<void>((resolve) => http!.close(() => resolve()));
    },
  };
}

function listen(
  start: (port: number) => void,
  server: import('node:events').EventEmitter & { address(): AddressInfo | string | null },
  port: number,
) {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    start(port);
  });
}

function handleHttp(req: IncomingMessage, res: ServerResponse, mails: SunkMail[], clear: () => void) {
  const url = new URL(req.url ?? '/', 'http://sink');
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const summary = (m: SunkMail) => ({ ...m, attachments: m.attachments.map(({ content: _c, ...a }) => a) });
  if (url.pathname === '/api/messages' && req.method === 'GET') return json(200, mails.map(summary));
  if (url.pathname === '/api/messages' && req.method === 'DELETE') {
    clear();
    return json(200, { ok: true });
  }
  const one = url.pathname.match(/^\/api\/messages\/(\d+)$/);
  if (one && req.method === 'GET') {
    const mail = mails.find((m) => m.id === Number(one[1]));
    return mail ? json(200, summary(mail)) : json(404, { error: 'not found' });
  }
  // One attachment as it was sent, to open or save (the sink's web inbox links each one).
  const file = url.pathname.match(/^\/messages\/(\d+)\/attachments\/(\d+)$/);
  if (file) {
    const a = mails.find((m) => m.id === Number(file[1]))?.attachments[Number(file[2])];
    if (!a) return json(404, { error: 'not found' });
    res.writeHead(200, {
      'content-type': a.contentType,
      'content-length': a.content.length,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
    });
    return res.end(a.content);
  }
  const body = url.pathname.match(/^\/messages\/(\d+)\/body$/);
  if (body) {
    const mail = mails.find((m) => m.id === Number(body[1]));
    res.writeHead(mail ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(mail ? mail.html || `<pre>${escapeHtml(mail.text)}</pre>` : 'not found');
  }
  // A mail: who, what, its attachments (name, type, size, a download link each), and its body below.
  const html = url.pathname.match(/^\/messages\/(\d+)$/);
  if (html) {
    const mail = mails.find((m) => m.id === Number(html[1]));
    res.writeHead(mail ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    if (!mail) return res.end('not found');
    const files = mail.attachments
      .map(
        (a, i) =>
          `<li><a href="/messages/${mail.id}/attachments/${i}" download="${escapeHtml(a.filename)}">${escapeHtml(a.filename)}</a> (${escapeHtml(a.contentType)}, ${formatSize(a.size)})</li>`,
      )
      .join('');
    return res.end(
      `<!doctype html><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title><p><a href="/">← Mail sink</a></p>` +
        `<h1>${escapeHtml(mail.subject)}</h1><p>From: ${escapeHtml(mail.from)}<br>To: ${escapeHtml(mail.to.join(', '))}<br>Received: ${escapeHtml(mail.receivedAt)}</p>` +
        (files
          ? `<h2>Attachments (${mail.attachments.length})</h2><ul data-testid="attachments">${files}</ul>`
          : '<p>No attachments</p>') +
        `<iframe title="Message" src="/messages/${mail.id}/body" style="width:100%;height:70vh;border:1px solid #ccc"></iframe>`,
    );
  }
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const rows = [...mails]
      .reverse()
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(', '))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject)}</a></td><td>${m.attachments
            .map(
              (a, i) =>
                `<a href="/messages/${m.id}/attachments/${i}" download="${escapeHtml(a.filename)}">📎 ${escapeHtml(a.filename)}</a>`,
            )
            .join('<br>')}</td></tr>`,
      )
      .join('');
    return res.end(
      `<!doctype html><meta charset="utf-8"><title>Mail sink</title><h1>Mail sink (${mails.length})</h1><table border="1" cellpadding="4"><tr><th>Received</th><th>To</th><th>Subject</th><th>Attachments</th></tr>${rows}</table>`,
    );
  }
  json(404, { error: 'not found' });
}

function formatSize(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} kB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A free TCP port on loopback (for processes that need a fixed port before they start). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
