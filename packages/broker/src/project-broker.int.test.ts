import { readFileSync } from 'node:fs';
import { lastWill, topics, wildcard } from '@ilumen/mqtt-contract';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynsecAdmin } from './dynsec-admin';
import { type ProjectBroker, startProjectBroker } from './project-broker';

// The broker exactly as the demo runs it (startProjectBroker with TLS), attacked and used as a gateway and the
// platform would. MQTT 5 reason code 0x87 (135) is "Not authorized"; 0x98 (152) "Administrative action".
const A = 'ILS-ACLTESTA1';
const B = 'ILS-ACLTESTB2';
let broker: ProjectBroker;
let pw: Record<string, string>;
const clients: MqttClient[] = [];

beforeAll(async () => {
  broker = await startProjectBroker({ tls: true });
  pw = { [A]: await broker.addGateway(A), [B]: await broker.addGateway(B) };
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await broker?.close();
});

const base: IClientOptions = { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000 };

/** A gateway as the firmware connects: over TLS, verifying the broker against the demo's CA. */
async function gateway(
  serial: string,
  password = pw[serial]!,
  extra: IClientOptions = {},
): Promise<MqttClient> {
  const c = await mqtt.connectAsync(broker.tls!.url, {
    ...base,
    username: serial,
    password,
    clientId: `gw-${serial}-${clients.length}`,
    ca: readFileSync(broker.tls!.caFile),
    ...extra,
  });
  clients.push(c);
  return c;
}

async function platform(user: keyof ProjectBroker['users']): Promise<MqttClient> {
  const c = await mqtt.connectAsync(broker.url, {
    ...base,
    ...broker.users[user],
    clientId: `${user}-${clients.length}`,
  });
  clients.push(c);
  return c;
}

const MARK = 'marker';

/**
 * Messages `c` receives on `filter` while `act` runs, up to a marker: `marker.from` publishes on `marker.topic` (which
 * `c` may read) after `act`, and the broker delivers one publisher's messages in order, so whatever `act` got through
 * arrives before it. Without a marker, waits until `done` holds. No timed "nothing came" windows.
 */
async function received(
  c: MqttClient,
  filter: string | string[],
  act: () => Promise<unknown>,
  wait: { marker: { from: MqttClient; topic: string } } | { done: (got: string[]) => boolean },
): Promise<string[]> {
  const got: string[] = [];
  const onMessage = (topic: string, payload: Buffer) => got.push(`${topic} ${payload.toString()}`);
  c.on('message', onMessage);
  const filters = [filter, 'marker' in wait ? wait.marker.topic : []].flat();
  await c.subscribeAsync(filters, { qos: 1 });
  await act();
  const done =
    'marker' in wait
      ? (g: string[]) => g.includes(`${wait.marker.topic} ${MARK}`)
      : (g: string[]) => wait.done(g);
  if ('marker' in wait) await wait.marker.from.publishAsync(wait.marker.topic, MARK, { qos: 1 });
  const end = Date.now() + 20_000;
  while (!done(got) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  c.off('message', onMessage);
  await c.unsubscribeAsync(filters);
  return got.filter((m) => !m.endsWith(` ${MARK}`));
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: { code?: number; packet?: { granted?: number[] } }) => e.code ?? e.packet?.granted?.[0] ?? 'error',
  );

describe('the project broker refuses', () => {
  it('an anonymous client and a wrong password, on both listeners', async () => {
    const ca = readFileSync(broker.tls!.caFile);
    expect(await refusal(mqtt.connectAsync(broker.url, base))).toBe(135);
    expect(await refusal(mqtt.connectAsync(broker.tls!.url, { ...base, ca }))).toBe(135);
    expect(
      await refusal(mqtt.connectAsync(broker.tls!.url, { ...base, ca, username: A, password: 'nope' })),
    ).toBe(135);
    expect(
      await refusal(mqtt.connectAsync(broker.url, { ...base, username: 'ilumen-ingest', password: pw[A] })),
    ).toBe(135);
  });

  it('a gateway that does not trust the broker certificate (another CA) does not connect', async () => {
    const other = await startProjectBroker({ tls: true, persistence: false });
    try {
      const err = await mqtt
        .connectAsync(broker.tls!.url, {
          ...base,
          username: A,
          password: pw[A],
          ca: readFileSync(other.tls!.caFile),
        })
        .then(
          () => null,
          (e: Error) => e.message,
        );
      expect(err).toMatch(/certificate/i);
    } finally {
      await other.close();
    }
  });

  it('a gateway publishing under another serial: PUBACK 135 and nothing reaches the platform', async () => {
    const ingest = await platform('ingest');
    const a = await gateway(A);
    const codes: unknown[] = [];
    const got = await received(
      ingest,
      [wildcard('energy'), wildcard('state')],
      async () => {
        codes.push(await refusal(a.publishAsync(topics.energy(B), 'forged', { qos: 1 })));
        await a.publishAsync(topics.state(B), 'forged', { qos: 0, retain: true });
      },
      { marker: { from: a, topic: topics.energy(A) } },
    );
    expect(codes).toEqual([135]);
    expect(got).toEqual([]);
    // nor was it kept as B's retained state: a new subscriber gets nothing before B's own message
    const b = await gateway(B);
    const state = await received(ingest, topics.state(B), async () => {}, {
      marker: { from: b, topic: topics.state(B) },
    });
    expect(state).toEqual([]);
  });

  it("a gateway subscribing to another serial's topics: SUBACK 135, and the commands go to their gateway only", async () => {
    const portal = await platform('portal');
    const a = await gateway(A);
    const b = await gateway(B);
    const bGot: string[] = [];
    b.on('message', (t, p) => bGot.push(`${t} ${p}`));
    await b.subscribeAsync(topics.cmdReq(B), { qos: 1 });
    expect(await refusal(a.subscribeAsync(topics.cmdReq(B), { qos: 1 }))).toBe(135);
    expect(await refusal(a.subscribeAsync('ilumen/v1/gw/+/cmd/req', { qos: 1 }))).toBe(135);
    expect(await refusal(a.subscribeAsync('#', { qos: 1 }))).toBe(135);
    const aGot = await received(a, [], () => portal.publishAsync(topics.cmdReq(B), 'reboot-b', { qos: 1 }), {
      marker: { from: portal, topic: topics.cmdReq(A) },
    });
    expect(aGot).toEqual([]);
    const end = Date.now() + 20_000;
    while (bGot.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(bGot).toEqual([`${topics.cmdReq(B)} reboot-b`]);
  });

  it('a gateway publishing on its own cmd/req, config or ota (the platform speaks there)', async () => {
    const a = await gateway(A);
    const listener = await gateway(A, pw[A], { clientId: `gw-${A}-listener` });
    const worker = await platform('worker');
    const got = await received(
      listener,
      [topics.cmdReq(A), topics.config(A)],
      async () => {
        expect(await refusal(a.publishAsync(topics.cmdReq(A), '{"self":"command"}', { qos: 1 }))).toBe(135);
        expect(await refusal(a.publishAsync(topics.config(A), '{}', { qos: 1 }))).toBe(135);
        expect(await refusal(a.publishAsync(topics.ota(A), '{}', { qos: 1 }))).toBe(135);
      },
      { marker: { from: worker, topic: topics.ota(A) } },
    );
    expect(got).toEqual([]);
  });

  it('platform users outside their rights: the portal sends no OTA, the ingest sends nothing, only the admin changes logins', async () => {
    const portal = await platform('portal');
    const ingest = await platform('ingest');
    expect(await refusal(portal.publishAsync(topics.ota(A), '{}', { qos: 1 }))).toBe(135);
    expect(await refusal(portal.publishAsync(topics.energy(A), '{}', { qos: 1 }))).toBe(135);
    expect(await refusal(portal.subscribeAsync('ilumen/v1/gw/+/energy', { qos: 1 }))).toBe(135);
    expect(await refusal(ingest.publishAsync(topics.cmdReq(A), '{}', { qos: 1 }))).toBe(135);
    expect(await refusal(ingest.publishAsync(topics.energy(A), '{}', { qos: 1 }))).toBe(135);
    const notAdmin = DynsecAdmin.connect({ url: broker.url, ...broker.users.worker, timeoutMs: 2000 });
    try {
      await notAdmin.connected();
      await expect(notAdmin.setGateway('ILS-INTRUDER1', 'x')).rejects.toThrow(/Not authorized/);
    } finally {
      await notAdmin.close();
    }
  });
});

describe('the project broker carries the legitimate flows', () => {
  it('gateway data reaches the ingest (plain and shared subscription); commands, configs and OTA reach the gateway', async () => {
    const ingest = await platform('ingest');
    const a = await gateway(A);
    const got = await received(
      ingest,
      '$share/ingest/ilumen/v1/gw/+/energy',
      () => a.publishAsync(topics.energy(A), 'mine', { qos: 1 }),
      { marker: { from: a, topic: topics.event(A) } },
    );
    expect(got).toEqual([`${topics.energy(A)} mine`]);
    const portal = await platform('portal');
    const worker = await platform('worker');
    const aGot = await received(
      a,
      topics.cmdReq(A),
      () => portal.publishAsync(topics.cmdReq(A), 'cmd', { qos: 1 }),
      {
        marker: { from: portal, topic: topics.config(A) },
      },
    );
    expect(aGot).toEqual([`${topics.cmdReq(A)} cmd`]);
    const ota = await received(
      a,
      topics.ota(A),
      () => worker.publishAsync(topics.ota(A), 'ota', { qos: 1 }),
      {
        marker: { from: worker, topic: topics.cmdReq(A) },
      },
    );
    expect(ota).toEqual([`${topics.ota(A)} ota`]);
    const config = await received(
      a,
      topics.config(A),
      () => worker.publishAsync(topics.config(A), 'cfg', { qos: 1, retain: true }),
      { marker: { from: worker, topic: topics.ota(A) } },
    );
    expect(config).toEqual([`${topics.config(A)} cfg`]);
  });

  it("a gateway's last will reaches the ingest when it drops", async () => {
    const ingest = await platform('ingest');
    const will = lastWill(A);
    const a = await gateway(A, pw[A], {
      clientId: `gw-${A}-will`,
      will: { topic: will.topic, payload: Buffer.from(will.payload), qos: will.qos, retain: will.retain },
    });
    const got = await received(
      ingest,
      topics.state(A),
      async () => {
        // a dead TCP connection, not a clean DISCONNECT: the will goes out
        (a as unknown as { stream: { destroy(): void } }).stream.destroy();
      },
      { done: (g) => g.includes(`${topics.state(A)} ${will.payload}`) },
    );
    a.end(true);
    expect(got).toContain(`${topics.state(A)} ${will.payload}`);
  });
});

describe('gateway logins through the dynamic-security API', () => {
  it('revoking a connected gateway disconnects it at once (reason 152) and refuses it from then on', async () => {
    const serial = 'ILS-REVOKE01';
    const password = await broker.addGateway(serial);
    const c = await gateway(serial, password);
    const disconnected = new Promise<number | undefined>((resolve) =>
      c.once('disconnect', (p) => resolve(p.reasonCode)),
    );
    await (await broker.admin()).disableGateway(serial);
    expect(await disconnected).toBe(152);
    expect(await refusal(gateway(serial, password))).toBe(135);
    // claimed again: a new password works, the old one does not
    const again = await broker.addGateway(serial);
    expect((await gateway(serial, again)).connected).toBe(true);
    expect(await refusal(gateway(serial, password))).toBe(135);
  });

  it('keeps the logins it was given across a broker restart', async () => {
    const serial = 'ILS-RESTART1';
    const password = await broker.addGateway(serial);
    await broker.stop();
    await broker.start();
    expect((await gateway(serial, password)).connected).toBe(true);
  });

  it('surfaces a refused command as an error', async () => {
    const admin = await broker.admin();
    await expect(
      admin.run([{ command: 'addClientRole', username: 'ILS-NOSUCH01', rolename: 'x' }]),
    ).rejects.toThrow(/broker refused addClientRole/);
  });
});
