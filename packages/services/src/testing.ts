import { randomBytes } from 'node:crypto';
import { type ProjectBroker, type ProjectBrokerOptions, startProjectBroker } from '@ilumen/broker';
import { createTestDb, type TestDb } from '@ilumen/db/testing';
import { createWorker, JobProducer } from '@ilumen/jobs';
import { Mailer } from '@ilumen/mail';
import { type MailSink, startMailSink } from '@ilumen/mail-sink';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type Actor, loadUserActor, systemActor, type UserActor } from './actor';
import type { Clock } from './deps';
import { AppError } from './errors';
import { dynsecBrokerCredentials } from './gateways/broker-credentials';
import { connectGatewayLink } from './gateways/link';
import { createServices, type ServiceOptions, type Services } from './index';

export const TEST_PASSWORD = 'Zonnepaneel-2026';

/** The refusal a person would get (an AppError); anything else that is thrown is a bug and fails the test. */
export async function refusalOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/**
 * Reads `fn` until `ok` holds or `timeoutMs` has passed, and gives back the last value read, for the test to assert
 * on (so a failure shows what was there). The wait is long enough for a round trip through the broker, a gateway and
 * the ingest while the whole suite shares two cores; a passing test never waits it out.
 */
export async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(private current = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date | string): void {
    this.current = new Date(date);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface ServiceHarness {
  services: Services;
  testDb: TestDb;
  redis: Redis;
  sink: MailSink;
  clock: TestClock;
  jobs: JobProducer;
  redisPrefix: string;
  /** The test file's own project broker (with `broker: true`); the services send as its `worker` user. */
  broker: ProjectBroker | null;
  close(): Promise<void>;
}

/**
 * The real service layer on its own MariaDB database, a Redis key prefix of its own, a running mail worker and an
 * SMTP sink whose mails the test reads back; with `broker: true`, a project broker of its own (the demo's
 * configuration: logins and rights, no anonymous access) that the services send configs and commands through and
 * that claimed gateways get their logins on.
 */
export async function createServiceHarness(
  label: string,
  options: {
    publicUrl?: string;
    connectionLimit?: number;
    broker?: boolean | ProjectBrokerOptions;
    services?: Partial<ServiceOptions>;
  } = {},
): Promise<ServiceHarness> {
  const testDb = await createTestDb(label, { connectionLimit: options.connectionLimit });
  const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
  const redis = new Redis(connection);
  const redisPrefix = `test-${label}-${randomBytes(4).toString('hex')}`;
  const sink = await startMailSink({ httpPort: null });
  const jobs = new JobProducer({ connection, prefix: redisPrefix });
  const mailer = new Mailer({ smtpUrl: sink.smtpUrl, from: 'iLumen <no-reply@ilumen.be>' });
  const worker: Worker = createWorker(
    'mail',
    { send: (payload) => mailer.sendTemplate(payload) },
    { connection, prefix: redisPrefix },
  );
  const clock = new TestClock();
  const broker = options.broker
    ? await startProjectBroker({ persistence: false, ...(options.broker === true ? {} : options.broker) })
    : null;
  const gatewayLink = broker
    ? connectGatewayLink({ url: broker.url, ...broker.users.worker, clientId: `${redisPrefix}-link` })
    : undefined;
  if (gatewayLink)
    await new Promise<void>((resolve) =>
      gatewayLink.client.connected ? resolve() : gatewayLink.client.once('connect', () => resolve()),
    );
  const services = createServices(
    {
      gatewayLink,
      db: testDb.db,
      redis,
      jobs,
      clock,
      publicUrl: options.publicUrl ?? 'http://localhost:3000',
      redisPrefix,
    },
    {
      secureCookies: false,
      ...(broker ? { brokerCredentials: dynsecBrokerCredentials(await broker.admin()) } : {}),
      ...options.services,
    },
  );
  return {
    services,
    testDb,
    redis,
    sink,
    clock,
    jobs,
    redisPrefix,
    broker,
    async close() {
      await gatewayLink?.close();
      await broker?.close();
      await worker.close();
      await jobs.close();
      mailer.close();
      const keys = await redis.keys(`${redisPrefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await sink.close();
      await testDb.drop();
    },
  };
}

/**
 * A small world with every kind of actor DESIGN.md §3 names: iLumen staff, two installer companies with their
 * people, and homeowners with every kind of site access. Tenant-isolation tests call everything as each of them.
 */
export async function createWorld(services: Services) {
  const sys = systemActor('test-world');
  const operator = await services.organizations.ensureOperator(sys);
  const instA = await services.organizations.ensureInstaller(sys, {
    name: 'Zonnewarmte BV',
    vatNumber: 'BE0123456749',
  });
  const instB = await services.organizations.ensureInstaller(sys, { name: 'Dakwerken Peeters' });

  const user = async (
    email: string,
    name: string,
    membership?: {
      organizationId: number;
      role: 'admin' | 'support' | 'fleet' | 'installer_admin' | 'technician';
    },
  ) => (await services.users.provision(sys, { email, name, password: TEST_PASSWORD, membership })).id;

  const ids = {
    admin: await user('admin@ilumen.test', 'Ada Admin', { organizationId: operator.id, role: 'admin' }),
    support: await user('support@ilumen.test', 'Sam Support', {
      organizationId: operator.id,
      role: 'support',
    }),
    fleet: await user('fleet@ilumen.test', 'Fien Fleet', { organizationId: operator.id, role: 'fleet' }),
    instAAdmin: await user('admin@zonnewarmte.test', 'Anna Installateur', {
      organizationId: instA.id,
      role: 'installer_admin',
    }),
    instATech: await user('tech@zonnewarmte.test', 'Tom Technieker', {
      organizationId: instA.id,
      role: 'technician',
    }),
    instBAdmin: await user('admin@peeters.test', 'Bart Peeters', {
      organizationId: instB.id,
      role: 'installer_admin',
    }),
    instBTech: await user('tech@peeters.test', 'Bert Peeters', {
      organizationId: instB.id,
      role: 'technician',
    }),
    ownerA: await user('owner-a@home.test', 'Olga Eigenaar'),
    memberAll: await user('member-all@home.test', 'Mia Medegebruiker'),
    memberChargers: await user('member-chargers@home.test', 'Chris Laadpaal'),
    ownerB: await user('owner-b@home.test', 'Bo Andere'),
    stranger: await user('stranger@home.test', 'Stef Vreemd'),
  };

  const site = (organizationId: number, street: string, city: string, postalCode: string) =>
    services.sites.create(sys, {
      organizationId,
      street,
      houseNumber: '1',
      postalCode,
      city,
      gridPhases: 3,
      mainFuseA: 40,
    });
  const siteA = (await site(instA.id, 'Kerkstraat', 'Gent', '9000')).id;
  const siteA2 = (await site(instA.id, 'Molenstraat', 'Aalst', '9300')).id;
  const siteB = (await site(instB.id, 'Stationsplein', 'Leuven', '3000')).id;

  await services.members.provision(sys, { siteId: siteA, userId: ids.ownerA, role: 'owner' });
  await services.members.provision(sys, {
    siteId: siteA,
    userId: ids.memberAll,
    role: 'member',
    scope: 'all',
  });
  await services.members.provision(sys, {
    siteId: siteA,
    userId: ids.memberChargers,
    role: 'member',
    scope: 'chargers',
  });
  await services.members.provision(sys, { siteId: siteB, userId: ids.ownerB, role: 'owner' });

  const device = (
    siteId: number,
    type: 'meter' | 'battery' | 'charger' | 'inverter' | 'heat',
    serial: string,
    ean?: string,
  ) => services.devices.create(sys, { siteId, type, model: `Model ${type}`, serial, ean });
  const devices = {
    meterA: (await device(siteA, 'meter', '1SAG1100000001', '541448820052377134')).id,
    batteryA: (await device(siteA, 'battery', 'ILB-A-0001')).id,
    chargerA: (await device(siteA, 'charger', 'ILC-A-0001')).id,
    meterB: (await device(siteB, 'meter', '1SAG1100000002', '541448820050357909')).id,
    batteryB: (await device(siteB, 'battery', 'ILB-B-0001')).id,
  };

  const actor = async (userId: number): Promise<UserActor> => {
    const a = await loadUserActor(services.deps.db, userId, { ip: '192.0.2.10', requestId: 'test' });
    if (!a) throw new Error(`no actor for user ${userId}`);
    return a;
  };

  return {
    orgs: { operator: operator.id, instA: instA.id, instB: instB.id },
    users: ids,
    sites: { siteA, siteA2, siteB },
    devices,
    actor,
    system: sys as Actor,
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;
