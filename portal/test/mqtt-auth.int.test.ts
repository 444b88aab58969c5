import type { Server } from 'node:http';
import { formatPasswordHash, hashBrokerPassword } from '@ilumen/broker';
import { topics } from '@ilumen/mqtt-contract';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqttAuthRouter, parsePlatformLogins } from '../server/mqtt-auth';

// EMQX's HTTP authentication and authorization as the portal answers them (docs/broker.md), over HTTP, against the
// gateway logins the real claim stores and the revocation staff make.
const TOKEN = 'broker-shared-token-0123456789';
const SERIAL = 'ILS-HTTPAUTH01';
let h: ServiceHarness;
let world: World;
let server: Server;
let base: string;
let password: string;

beforeAll(async () => {
  h = await createServiceHarness('mqtt_auth', { broker: true });
  world = await createWorld(h.services);
  const app = express();
  app.use(
    mqttAuthRouter({
      token: TOKEN,
      platformLogins: parsePlatformLogins(
        `ilumen-ingest:${formatPasswordHash(hashBrokerPassword('ingest-secret'))}`,
      ),
      gateways: h.services.gateways,
    }),
  );
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const fleet = await world.actor(world.users.fleet);
  await h.services.gateways.register(fleet, { rows: `${SERIAL};K7QX2-MW9RT;Zonnewarmte BV` });
  const tech = await world.actor(world.users.instATech);
  ({ password } = await h.services.gateways.claim(
    tech,
    { id: world.sites.siteA2, organizationId: world.orgs.instA },
    { serial: SERIAL, claimCode: 'K7QX2-MW9RT' },
  ));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await h?.close();
});

async function post(path: string, body: unknown, token: string | null = TOKEN) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, result: ((await res.json()) as { result: string }).result };
}

describe('POST /mqtt/authn', () => {
  it('answers only the broker (its bearer token), and refuses a malformed question', async () => {
    expect(await post('/mqtt/authn', { username: SERIAL, password }, null)).toEqual({
      status: 401,
      result: 'deny',
    });
    expect(await post('/mqtt/authn', { username: SERIAL, password }, 'wrong-token')).toEqual({
      status: 401,
      result: 'deny',
    });
    expect(await post('/mqtt/authn', { username: SERIAL })).toEqual({ status: 400, result: 'deny' });
  });

  it('allows a claimed gateway with the password of its claim, and a configured platform user', async () => {
    expect(await post('/mqtt/authn', { username: SERIAL, password, clientid: `gw-${SERIAL}` })).toEqual({
      status: 200,
      result: 'allow',
    });
    expect((await post('/mqtt/authn', { username: SERIAL, password: `${password}x` })).result).toBe('deny');
    expect((await post('/mqtt/authn', { username: 'ILS-NOTCLAIMED1', password })).result).toBe('deny');
    expect((await post('/mqtt/authn', { username: 'ilumen-ingest', password: 'ingest-secret' })).result).toBe(
      'allow',
    );
    expect((await post('/mqtt/authn', { username: 'ilumen-ingest', password: 'nope' })).result).toBe('deny');
    expect((await post('/mqtt/authn', { username: 'ilumen-portal', password: 'ingest-secret' })).result).toBe(
      'deny',
    );
  });

  it('refuses a revoked gateway until it is claimed again, then only its new password', async () => {
    const fleet = await world.actor(world.users.fleet);
    await h.services.gateways.revoke(fleet, { serial: SERIAL, reason: 'stolen', confirm: 'on' });
    expect((await post('/mqtt/authn', { username: SERIAL, password })).result).toBe('deny');
    const tech = await world.actor(world.users.instATech);
    const again = await h.services.gateways.claim(
      tech,
      { id: world.sites.siteA2, organizationId: world.orgs.instA },
      { serial: SERIAL, claimCode: 'K7QX2-MW9RT' },
    );
    expect((await post('/mqtt/authn', { username: SERIAL, password: again.password })).result).toBe('allow');
    expect((await post('/mqtt/authn', { username: SERIAL, password })).result).toBe('deny');
    password = again.password;
  });
});

describe('POST /mqtt/authz', () => {
  it('applies the broker rules: a gateway its own root in the contract direction, platform users their rights', async () => {
    const q = (username: string, action: string, topic: string) =>
      post('/mqtt/authz', { username, action, topic }).then((r) => r.result);
    expect(await q(SERIAL, 'publish', topics.energy(SERIAL))).toBe('allow');
    expect(await q(SERIAL, 'publish', topics.energy('ILS-OTHER0001'))).toBe('deny');
    expect(await q(SERIAL, 'publish', topics.cmdReq(SERIAL))).toBe('deny');
    expect(await q(SERIAL, 'subscribe', topics.cmdReq(SERIAL))).toBe('allow');
    expect(await q(SERIAL, 'subscribe', topics.cmdReq('ILS-OTHER0001'))).toBe('deny');
    expect(await q(SERIAL, 'subscribe', 'ilumen/v1/gw/#')).toBe('deny');
    expect(await q('ilumen-ingest', 'subscribe', '$share/ingest/ilumen/v1/gw/+/energy')).toBe('allow');
    expect(await q('ilumen-ingest', 'publish', topics.cmdReq(SERIAL))).toBe('deny');
    expect(await q('ilumen-portal', 'publish', topics.cmdReq(SERIAL))).toBe('allow');
    expect(await q('anonymous', 'subscribe', '#')).toBe('deny');
    expect((await post('/mqtt/authz', { username: SERIAL, action: 'delete', topic: 'x' })).status).toBe(400);
  });
});
