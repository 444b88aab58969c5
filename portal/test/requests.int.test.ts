import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../app/trpc/router';
import { type PortalHarness, startPortal } from './support/portal-harness';
import { callTrpc } from './support/trpc-call';

/**
 * Requests as anyone on the internet may send them: bounded bodies, refused before they are read; refusals instead of
 * server errors for whatever is malformed. No request from a person may get a 500.
 */

let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('requests');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/**
 * Declares a body of `declared` bytes over a raw connection, sends at most `send` bytes of it, and returns the status
 * the server answered with and how much had been sent by then (null: the server read everything and said nothing).
 */
async function declareBody(
  path: string,
  declared: number,
  send: number,
  headers: Record<string, string> = {},
): Promise<{ status: number | null; sent: number }> {
  const { hostname, port } = new URL(h.url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  const head = Object.entries({
    host: `${hostname}:${port}`,
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(declared),
    origin: h.url,
    ...headers,
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  let answer = '';
  let closed = false;
  const answered = new Promise<void>((resolve) => {
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) resolve();
    });
    socket.on('close', () => {
      closed = true;
      resolve();
    });
  });
  socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  while (sent < send && !answer && !closed) {
    const n = Math.min(chunk.length, send - sent);
    if (!socket.write(chunk.subarray(0, n))) await Promise.race([once(socket, 'drain'), answered]);
    sent += n;
  }
  await answered;
  socket.destroy();
  const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
  return { status: status ? Number(status) : null, sent };
}

/** Runs the calls, `width` at a time. */
async function inParallel(calls: Array<() => Promise<void>>, width: number): Promise<void> {
  const queue = [...calls];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await next();
    }),
  );
}

describe('request bodies', () => {
  it('refuses a 64 MB post to /forgot-password with 413 before reading it', async () => {
    const r = await declareBody('/forgot-password', 64 * 1024 * 1024, 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.sent).toBeLessThanOrEqual(1024 * 1024);
  });

  it('refuses a body of undeclared length (chunked) with 411', async () => {
    const { hostname, port } = new URL(h.url);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    socket.write(
      `POST /login HTTP/1.1\r\nhost: ${hostname}:${port}\r\norigin: ${h.url}\r\ncontent-type: application/x-www-form-urlencoded\r\ntransfer-encoding: chunked\r\n\r\n5\r\nemail\r\n`,
    );
    const [data] = (await once(socket, 'data')) as [Buffer];
    socket.destroy();
    expect(data.toString().slice(0, 12)).toBe('HTTP/1.1 411');
  });

  it('holds a tRPC call to a form size', async () => {
    const res = await fetch(`${h.url}/api/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.be', password: 'x'.repeat(100_000) }),
    });
    expect(res.status).toBe(413);
  });

  it('takes a large upload only from someone who may upload there, and checks before reading', async () => {
    // A firmware artifact from an installer (no firmware rights): refused on its declared size alone.
    const installer = await h.cookieFor(h.world.users.instAAdmin);
    const refused = await declareBody('/console/firmware', 10 * 1024 * 1024, 256 * 1024, {
      cookie: installer,
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(refused.status).toBe(413);
    // A Mijn Fluvius export into another tenant's site: the same.
    const other = await declareBody(
      `/console/sites/${h.world.sites.siteB}/mandates/import`,
      2 * 1024 * 1024,
      256 * 1024,
      { cookie: installer, 'content-type': 'multipart/form-data; boundary=x' },
    );
    expect(other.status).toBe(413);
    // Into their own site the upload reaches the form (which says what is wrong with this file).
    const form = new FormData();
    form.set('intent', 'csv.upload');
    form.set('file', new Blob([`EAN;x\n${'1;2\n'.repeat(200_000)}`]), 'export.csv');
    // …posted as the page does it (Remix's single fetch adds .data) and as a plain form
    for (const suffix of ['.data', '']) {
      const own = await fetch(`${h.url}/console/sites/${h.world.sites.siteA}/mandates/import${suffix}`, {
        method: 'POST',
        body: form,
        redirect: 'manual',
        headers: { cookie: installer, origin: h.url },
      });
      expect(own.status, suffix).not.toBe(413);
      expect(own.status, suffix).toBeLessThan(500);
    }
  });
});

describe('refusals, not server errors', () => {
  const login = (init: RequestInit & { headers?: Record<string, string> }) =>
    fetch(`${h.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      ...init,
      headers: { origin: h.url, ...init.headers },
    });

  it('refuses a post without a content type, or not a form, or a broken form', async () => {
    expect((await login({ body: 'email=a' })).status).toBe(415);
    const raw = await fetch(`${h.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: h.url, 'content-type': '' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(raw.status).toBe(415);
    expect((await login({ body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(415);
    const broken = await login({
      body: '--nope\r\nContent-Disposition: form-data; name="email"\r\n\r\nx',
      headers: { 'content-type': 'multipart/form-data; boundary=other' },
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toMatch(/formulier kon niet gelezen worden/);
  });

  it('refuses a bearer request naming a foreign origin with 403, and one with a malformed Referer', async () => {
    const { session } = await h.services.auth.startSession(h.world.users.ownerA, {
      ip: null,
      userAgent: 'app',
    });
    const foreign = await fetch(`${h.url}/api/trpc/auth.logout`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${session.id}`,
        origin: 'https://evil.example',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(
      (await h.services.auth.resolveSession(session.id, { ip: null, requestId: null })).actor,
    ).not.toBeNull();
    const referer = await fetch(`${h.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: 'x=1',
        referer: 'not a url',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'email=a',
    });
    expect(referer.status).toBe(403);
  });

  it('answers malformed tRPC calls with 4xx', async () => {
    const cookie = await h.cookieFor(h.world.users.admin);
    const headers = { cookie, origin: h.url, 'content-type': 'application/json' };
    const probes: Array<[string, RequestInit]> = [
      ['/api/trpc/auth.login', { method: 'POST', headers, body: '{"email":' }],
      ['/api/trpc/auth.login', { method: 'POST', headers, body: 'null' }],
      ['/api/trpc/sites.get?input=%7Bbad', { headers }],
      ['/api/trpc/sites.get?input=%E0%A4%A', { headers }],
      ['/api/trpc/no.such.procedure', { headers }],
      ['/api/trpc/auth.login,auth.me?batch=1', { method: 'POST', headers, body: '[1,2]' }],
      [`/api/trpc/sites.get?input=${'x'.repeat(20_000)}`, { headers }],
    ];
    const problems: string[] = [];
    for (const [path, init] of probes) {
      const res = await fetch(`${h.url}${path}`, init);
      await res.body?.cancel();
      if (res.status >= 500 || res.status < 400) problems.push(`${path.slice(0, 60)}: ${res.status}`);
    }
    expect(problems).toEqual([]);
  });

  it('refuses a tRPC batch larger than a screen needs, without running any of it', async () => {
    const names = Array.from({ length: 40 }, () => 'auth.login').join(',');
    const input = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [i, { email: 'owner-b@home.test', password: `guess-${i}` }]),
    );
    const res = await fetch(`${h.url}/api/trpc/${names}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(400);
    // Nothing was guessed: the account is not locked.
    const ok = await fetch(`${h.url}/api/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner-b@home.test', password: 'Zonnepaneel-2026' }),
    });
    expect(ok.status).toBe(200);
  });

  it('holds 100 concurrent wrong logins over HTTP to the account budget', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${h.url}/api/trpc/auth.login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'member-all@home.test', password: `wrong-${i}` }),
        }).then(async (r) => {
          await r.body?.cancel();
          return r.status;
        }),
      ),
    );
    // 401: a password was really checked; 429: refused before any check.
    expect(answers.filter((s) => s === 401)).toHaveLength(5);
    expect(answers.filter((s) => s === 429)).toHaveLength(95);
  });

  it('gives no 500 for odd ids and paths on any page, signed in or not', async () => {
    const routes = Object.values(
      h.build.routes as Record<string, { id: string; parentId?: string; path?: string }>,
    );
    const full = (id: string): string => {
      const r = routes.find((x) => x.id === id)!;
      return `${r.parentId ? full(r.parentId) : ''}/${r.path ?? ''}`.replace(/\/+/g, '/');
    };
    const patterns = [...new Set(routes.filter((r) => r.id !== 'root').map((r) => full(r.id)))].filter((p) =>
      p.includes(':'),
    );
    expect(patterns.length).toBeGreaterThan(10);
    const odd = ['abc', '99999999999999999999', '%E0%A4%A'];
    const admin = await h.cookieFor(h.world.users.admin);
    const owner = await h.cookieFor(h.world.users.ownerA);
    const problems: string[] = [];
    const calls = patterns.flatMap((pattern) =>
      odd.flatMap((value) => {
        const url = pattern.replace(/:[a-zA-Z]+/g, value).replace(/\*$/, '');
        // Anonymous, and someone signed in who gets past the login redirect into the page's own loader.
        return [null, pattern.startsWith('/app') ? owner : admin].map((cookie) => async () => {
          const res = await fetch(`${h.url}${url}`, {
            redirect: 'manual',
            headers: cookie ? { cookie } : {},
          });
          await res.body?.cancel();
          if (res.status >= 500)
            problems.push(`GET ${url} (${cookie ? 'signed in' : 'anonymous'}): ${res.status}`);
        });
      }),
    );
    await inParallel(calls, 4);
    const more = [
      '/%',
      '/console/%',
      `/login?redirectTo=${encodeURIComponent('/\n')}`,
      `/console?${'a=1&'.repeat(3000)}`,
      '/api/live/abc',
      '/api/live/99999999999999999999',
      '/firmware/not-a-digest',
    ];
    for (const url of more) {
      const res = await fetch(`${h.url}${url}`, { redirect: 'manual', headers: { cookie: admin } });
      await res.body?.cancel();
      if (res.status >= 500) problems.push(`GET ${url.slice(0, 60)}: ${res.status}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('gives no 500 for odd input to any tRPC procedure', async () => {
    const cookie = await h.cookieFor(h.world.users.admin);
    const procedures = Object.entries(
      appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' } }>,
    );
    const inputs: unknown[] = [
      null,
      { siteId: 'abc', id: -1, deviceId: 1e99, userId: '99999999999999999999', token: 7 },
      { siteId: { nested: true }, email: 42, cursor: [] },
    ];
    const problems: string[] = [];
    const headers = { cookie, origin: h.url, 'content-type': 'application/json' };
    const calls = procedures
      // Logging out would end the session the rest of the sweep uses.
      .filter(([name]) => !name.startsWith('auth.logout'))
      .flatMap(([name, proc]) =>
        inputs.map((input) => async () => {
          const res = await callTrpc(h.url, name, proc._def.type, input, headers);
          await res.body?.cancel();
          if (res.status >= 500) problems.push(`${name} ${JSON.stringify(input)}: ${res.status}`);
        }),
      );
    await inParallel(calls, 4);
    expect(problems).toEqual([]);
  }, 120_000);
});
