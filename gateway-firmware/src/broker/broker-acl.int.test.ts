import { lastWill, topics } from '@ilumen/mqtt-contract';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_USERNAME } from './broker-files';
import { setMosquittoPassword } from './password-file';
import { type PrivateBroker, startPrivateBroker } from './private-broker';

const A = 'ILS-ACLTESTA1';
const B = 'ILS-ACLTESTB2';
let broker: PrivateBroker;
const clients: MqttClient[] = [];

beforeAll(async () => {
  broker = await startPrivateBroker({
    persistence: false,
    users: [
      { username: A, password: 'pw-a' },
      { username: B, password: 'pw-b' },
      { username: PLATFORM_USERNAME, password: 'pw-platform' },
    ],
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await broker?.close();
});

async function client(username: string, password: string): Promise<MqttClient> {
  const c = await mqtt.connectAsync(broker.url, {
    username,
    password,
    clientId: `${username}-${clients.length}`,
    protocolVersion: 5,
    reconnectPeriod: 0,
  });
  clients.push(c);
  return c;
}

/** Messages `c` receives on `filter` within a short window after `act` (the broker is local: 300 ms is plenty). */
async function received(c: MqttClient, filter: string, act: () => Promise<unknown>): Promise<string[]> {
  const got: string[] = [];
  const onMessage = (topic: string, payload: Buffer) => got.push(`${topic} ${payload.toString()}`);
  c.on('message', onMessage);
  await c.subscribeAsync(filter, { qos: 1 });
  await act();
  await new Promise((r) => setTimeout(r, 300));
  c.off('message', onMessage);
  await c.unsubscribeAsync(filter);
  return got;
}

describe('broker ACL', () => {
  it('refuses a wrong password and an anonymous client', async () => {
    await expect(
      mqtt.connectAsync(broker.url, {
        username: A,
        password: 'nope',
        reconnectPeriod: 0,
        protocolVersion: 5,
      }),
    ).rejects.toThrow(/Bad User Name or Password|Not authorized/);
    await expect(mqtt.connectAsync(broker.url, { reconnectPeriod: 0, protocolVersion: 5 })).rejects.toThrow(
      /Not authorized|Bad User Name/,
    );
  });

  it('lets a gateway publish on its own root and the platform read it', async () => {
    const platform = await client(PLATFORM_USERNAME, 'pw-platform');
    const a = await client(A, 'pw-a');
    const got = await received(platform, 'ilumen/v1/gw/+/energy', () =>
      a.publishAsync(topics.energy(A), 'mine', { qos: 1 }),
    );
    expect(got).toEqual([`${topics.energy(A)} mine`]);
  });

  it('lets the platform read through a shared subscription (how the ingest workers split the fleet)', async () => {
    const platform = await client(PLATFORM_USERNAME, 'pw-platform');
    const a = await client(A, 'pw-a');
    const got = await received(platform, '$share/ingest/ilumen/v1/gw/+/energy', () =>
      a.publishAsync(topics.energy(A), 'shared', { qos: 1 }),
    );
    expect(got).toEqual([`${topics.energy(A)} shared`]);
  });

  it('accepts a gateway whose password hash was written without mosquitto_passwd', async () => {
    const serial = 'ILS-ACLTESTC3';
    setMosquittoPassword(broker.passwordFile, serial, 'pw-c', { useTool: false });
    await broker.addUser({ username: 'ILS-ACLTESTD4', password: 'pw-d' }); // SIGHUP: reload the file
    const c = await client(serial, 'pw-c');
    expect(c.connected).toBe(true);
  });

  it("stops gateway A publishing on gateway B's topics (MQTT 5 PUBACK: not authorized)", async () => {
    const platform = await client(PLATFORM_USERNAME, 'pw-platform');
    const a = await client(A, 'pw-a');
    let pubackError: unknown;
    const got = await received(platform, 'ilumen/v1/gw/#', async () => {
      await a.publishAsync(topics.energy(B), 'forged', { qos: 1 }).catch((e) => {
        pubackError = e;
      });
      await a.publishAsync(topics.state(B), 'forged', { qos: 0, retain: true });
      // a gateway may not publish what only the platform publishes, even on its own root
      await a.publishAsync(topics.cmdReq(A), 'self-command', { qos: 1 }).catch(() => {});
    });
    expect(got).toEqual([]);
    expect((pubackError as { code?: number } | undefined)?.code).toBe(0x87);
  });

  it("stops gateway A reading gateway B's commands; B and the platform get them", async () => {
    const platform = await client(PLATFORM_USERNAME, 'pw-platform');
    const a = await client(A, 'pw-a');
    const b = await client(B, 'pw-b');
    const bGot: string[] = [];
    b.on('message', (t, p) => bGot.push(`${t} ${p}`));
    await b.subscribeAsync(topics.cmdReq(B), { qos: 1 });
    const aGot = await received(a, 'ilumen/v1/gw/+/cmd/req', async () => {
      await a.subscribeAsync(topics.cmdReq(B), { qos: 1 }).catch(() => {});
      await platform.publishAsync(topics.cmdReq(B), 'reboot-b', { qos: 1 });
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(aGot).toEqual([]);
    expect(bGot).toEqual([`${topics.cmdReq(B)} reboot-b`]);
  });

  it('lets the platform write config and commands but not forge gateway data', async () => {
    const platform = await client(PLATFORM_USERNAME, 'pw-platform');
    const observer = await client(PLATFORM_USERNAME, 'pw-platform');
    const got = await received(observer, 'ilumen/v1/gw/#', async () => {
      await platform.publishAsync(topics.config(A), 'cfg', { qos: 1 });
      await platform.publishAsync(topics.energy(A), 'forged', { qos: 1 }).catch(() => {});
    });
    // the observer may read gateway topics only; config is the platform's own and is not readable back
    expect(got).toEqual([]);
    const a = await client(A, 'pw-a');
    const aGot = await received(a, topics.config(A), () =>
      platform.publishAsync(topics.config(A), 'cfg-2', { qos: 1 }),
    );
    expect(aGot).toEqual([`${topics.config(A)} cfg-2`]);
  });

  it("publishes a gateway's retained last will when it drops", async () => {
    const platform = await client(PLATFORM_USERNAME, 'pw-platform');
    const will = lastWill(A);
    const a = await mqtt.connectAsync(broker.url, {
      username: A,
      password: 'pw-a',
      clientId: `${A}-will`,
      protocolVersion: 5,
      reconnectPeriod: 0,
      will: { topic: will.topic, payload: Buffer.from(will.payload), qos: will.qos, retain: will.retain },
    });
    const got = await received(platform, topics.state(A), async () => {
      // a dead TCP connection, not a clean DISCONNECT: the will goes out
      (a as unknown as { stream: { destroy(): void } }).stream.destroy();
      await new Promise((r) => setTimeout(r, 200));
    });
    a.end(true);
    expect(got).toEqual([`${topics.state(A)} ${will.payload}`]);
  });
});
