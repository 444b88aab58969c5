import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@ilumen/mail-sink';
import { liveKeys } from '@ilumen/services';
import { until } from '@ilumen/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveHub } from '../server/live-hub';
import { type PortalHarness, startPortal } from './support/portal-harness';

/*
 * Two portals behind nginx, with the proxy configuration an operator deploys (ops/nginx/ilumen.conf, its TLS left out):
 * a session made on one is good on the other, a live stream passes through the proxy event by event, and a live value
 * published once reaches streams held by either portal (each has its own Redis subscriber, as separate processes do).
 */
const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

let h: PortalHarness;
let second: { url: string; close(): Promise<void> };
let secondHub: LiveHub;
let nginx: ChildProcess;
let dir: string;
let proxy: string;

function proxyConfig(ports: number[], listen: number): string {
  const conf = readFileSync(repo('ops/nginx/ilumen.conf'), 'utf8');
  const upstream = ports.map((p) => `  server 127.0.0.1:${p};`).join('\n');
  return (
    conf
      .replace(/(upstream ilumen_portal \{\n {2}least_conn;\n)(?: {2}server .*\n)+/, `$1${upstream}\n`)
      // the redirect to https is the first server block; the second one is what the test talks to, in plain http
      .replace(/server \{\n {2}listen 80;[^}]*\}\n/, '')
      .replace(/ {2}# nginx 1\.25\.1.*\n {2}listen 443 ssl http2;\n/, `  listen 127.0.0.1:${listen};\n`)
      .replace(/ {2}ssl_.*\n/g, '')
  );
}

beforeAll(async () => {
  h = await startPortal('scale_out');
  secondHub = new LiveHub(h.redis.duplicate());
  second = await h.serveAlso({ liveHub: secondHub, liveAccessCheckMs: 300 });
  dir = mkdtempSync(path.join(tmpdir(), 'ilumen-nginx-'));
  const listen = await freePort();
  writeFileSync(
    path.join(dir, 'ilumen.conf'),
    proxyConfig([Number(new URL(h.url).port), Number(new URL(second.url).port)], listen),
  );
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${dir};\n  proxy_temp_path ${dir};\n  include ${dir}/ilumen.conf;\n}\n`,
  );
  nginx = spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'pipe' });
  nginx.on('error', (err) => {
    throw new Error(`nginx does not start (${err.message}): apt-get install nginx (bash .ci/run does)`);
  });
  proxy = `http://127.0.0.1:${listen}`;
  await until(
    () =>
      fetch(`${proxy}/healthz`).then(
        (r) => r.status,
        () => 0,
      ),
    (s) => s === 200,
    20_000,
    100,
  );
}, 120_000);

afterAll(async () => {
  nginx?.kill('SIGTERM');
  await second?.close();
  await secondHub?.close();
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function liveEvents(
  url: string,
  cookie: string,
  wanted: number,
  publishWhenOpen: () => Promise<unknown>,
) {
  const res = await fetch(url, { headers: { cookie } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const live: unknown[] = [];
  let opened = false;
  const deadline = Date.now() + 10_000;
  while (live.length < wanted && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const event = block.match(/^event: (.*)$/m)?.[1];
      if (!opened && event) {
        opened = true;
        await publishWhenOpen();
      }
      // only the value published by the test: a stream may also start with the site's last stored values
      const data = block.match(/^data: (.*)$/m)?.[1] ?? '';
      if (event === 'live' && data.includes(String(PUBLISHED_W))) live.push(JSON.parse(data));
    }
  }
  await reader.cancel().catch(() => undefined);
  return live;
}

const PUBLISHED_W = 1234;

const snapshot = (siteId: number, w: number) =>
  JSON.stringify({
    siteId,
    gatewaySerial: 'ILS-TEST0001',
    receivedAt: new Date().toISOString(),
    live: { v: 1, ts: new Date().toISOString(), grid: { importW: w, exportW: 0 } },
  });

describe('two portals behind the proxy', () => {
  it('take one session on either portal', async () => {
    const cookie = await h.cookieFor(h.world.users.ownerA);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await fetch(`${proxy}/app`, { headers: { cookie }, redirect: 'manual' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    for (const base of [h.url, second.url])
      expect((await fetch(`${base}/app`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
  });

  it('pass a live stream through the proxy as it comes, and fan a value out to streams on both portals', async () => {
    const cookie = await h.cookieFor(h.world.users.ownerA);
    const siteId = h.world.sites.siteA;
    const channel = liveKeys(h.redisPrefix).channel(siteId);
    let open = 0;
    const opened = async () => {
      open++;
    };
    // A stream's first event may come before its portal's Redis subscription is in place, so the value is published
    // again until every stream has it; each portal's stream can only get it through that portal's own subscriber.
    const publisher = setInterval(() => {
      if (open === 3) void h.redis.publish(channel, snapshot(siteId, PUBLISHED_W));
    }, 100);
    const [viaProxy, onFirst, onSecond] = await Promise.all([
      liveEvents(`${proxy}/api/live/${siteId}`, cookie, 1, opened),
      liveEvents(`${h.url}/api/live/${siteId}`, cookie, 1, opened),
      liveEvents(`${second.url}/api/live/${siteId}`, cookie, 1, opened),
    ]).finally(() => clearInterval(publisher));
    for (const events of [viaProxy, onFirst, onSecond]) expect(events).toHaveLength(1);
  });
});
