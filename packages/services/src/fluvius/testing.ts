import { createFluviusClient, type FluviusClientDeps } from '@ilumen/fluvius';
import {
  type FluviusSimulator,
  type SimulatorOptionsInput,
  startFluviusSimulator,
} from '@ilumen/fluvius/simulator';
import { createServices, type Services } from '../index';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';
import type { MandateSettings } from './access';
import { MandateSync, type MandateSyncDeps } from './sync';

/**
 * Tests of the mandate flow: the real services on their own database, Redis prefix and mail sink, a Fluvius
 * simulator on a free port, the portal's services reaching it by config, and a MandateSync with its own client (as
 * the worker has one).
 */
export interface MandateHarness extends ServiceHarness {
  world: World;
  simulator: FluviusSimulator;
  services: Services;
  sync: MandateSync;
  close(): Promise<void>;
}

export async function startMandateHarness(
  label: string,
  options: {
    simulator?: SimulatorOptionsInput;
    settings?: Partial<MandateSettings>;
    clientDeps?: FluviusClientDeps;
    sync?: Partial<Omit<MandateSyncDeps, 'client'>>;
  } = {},
): Promise<MandateHarness> {
  const h = await createServiceHarness(label);
  const simulator = await startFluviusSimulator(options.simulator);
  const services = createServices(h.services.deps, {
    secureCookies: false,
    fluvius: { access: { config: simulator.clientConfig }, settings: options.settings },
  });
  const world = await createWorld(services);
  const client = createFluviusClient(simulator.clientConfig, options.clientDeps);
  const sync = new MandateSync({
    db: h.testDb.db,
    jobs: h.jobs,
    clock: h.clock,
    client,
    publicUrl: 'http://localhost:3000',
    settings: options.settings,
    ...options.sync,
  });
  return {
    ...h,
    services,
    world,
    simulator,
    sync,
    async close() {
      await client.close();
      await simulator.close();
      await h.close();
    },
  };
}

/**
 * What the homeowner does in Mijn Fluvius (the simulator's consent page), over plain HTTP: enter the EAN, ask, then
 * confirm or refuse. Returns where Fluvius sends the browser back to.
 */
export async function consentAtFluvius(
  consentUrl: string,
  answer: { ean: string; holder?: boolean; refuse?: boolean },
): Promise<string> {
  const page = await fetch(consentUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const id = new URL(consentUrl).searchParams.get('id') ?? '';
  const form = new URLSearchParams({ id, ean: answer.ean, action: answer.refuse ? 'refuse' : 'confirm' });
  if (answer.holder !== false) form.set('holder', '1');
  const res = await fetch(new URL(consentUrl).origin + new URL(consentUrl).pathname, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (res.status < 300 || res.status > 399 || !location) throw new Error(`consent answered ${res.status}`);
  return location;
}
