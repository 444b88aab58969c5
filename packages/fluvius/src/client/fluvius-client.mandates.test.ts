import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type SimulatedFluvius, startSimulatedFluvius } from '../testing';
import { FluviusRequestRefusedError } from './errors';
import type { FluviusClient } from './fluvius-client';
import { toReferenceNumber } from './inputs';

const NOW = new Date('2024-11-05T09:00:00Z');
const EAN = '541448820052377134';
const GAS_EAN = '541448860018322037';

let running: SimulatedFluvius[] = [];
afterEach(async () => {
  await Promise.all(running.map((f) => f.close()));
  running = [];
});

async function start(simulator: Parameters<typeof startSimulatedFluvius>[0] = {}) {
  const fluvius = await startSimulatedFluvius(simulator);
  running.push(fluvius);
  return fluvius;
}

function startMandate(client: FluviusClient, referenceNumber: string) {
  return client.createShortUrl({
    referenceNumber,
    dataServices: [
      {
        dataServiceType: 'VH_kwartier_uur',
        dataPeriodFrom: new Date('2021-11-05T00:00:00Z'),
        dataPeriodTo: new Date('2027-11-05T00:00:00Z'),
      },
    ],
    returnUrlSuccess: `https://portal.ilumen.test/mandates/${referenceNumber}/done`,
    returnUrlFailed: `https://portal.ilumen.test/mandates/${referenceNumber}/refused`,
  });
}

/** What a homeowner's browser does on the consent page: plain form posts, redirects not followed. */
async function submitConsent(consentUrl: string, form: Record<string, string>) {
  const url = new URL(consentUrl);
  const id = url.searchParams.get('id') ?? '';
  const response = await fetch(`${url.origin}${url.pathname}`, {
    method: 'POST',
    body: new URLSearchParams({ id, ...form }),
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

async function approveAsHomeowner(consentUrl: string, ean: string, holder = true) {
  const page = await fetch(consentUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Verbruiken aanvragen');
  const holderField: Record<string, string> = holder ? { holder: '1' } : {};
  const step1 = await submitConsent(consentUrl, { ean, action: 'request', ...holderField });
  expect(step1.html).toContain('Aanvraag bevestigen');
  return submitConsent(consentUrl, { ean, action: 'confirm', ...holderField });
}

describe('the mandate flow', () => {
  it('goes from shortUrlIdentifier through the consent page to an approved mandate', async () => {
    const { client } = await start();
    const ref = toReferenceNumber('0b6e4c2a-1f5d-4c1e-9a7b-3d2f1e0c9b8a');
    expect(await client.listMandates({ referenceNumber: ref })).toEqual([]);

    const shortUrl = await startMandate(client, ref);
    expect(shortUrl.consentUrl).toContain(`/verbruik/dienstverlener?id=${shortUrl.shortUrlIdentifier}`);
    const done = await approveAsHomeowner(shortUrl.consentUrl, '5414 4882 0052 3771 34');
    expect(done).toMatchObject({ status: 303, location: `https://portal.ilumen.test/mandates/${ref}/done` });

    expect(await client.listMandates({ referenceNumber: ref })).toEqual([
      {
        referenceNumber: ref,
        status: 'Approved',
        ean: EAN,
        energyType: 'E',
        dataServiceType: 'VH_kwartier_uur',
        dataPeriodFrom: new Date('2021-11-05T00:00:00Z'),
        dataPeriodTo: new Date('2027-11-05T00:00:00Z'),
        mandateExpirationDate: new Date('2027-11-05T00:00:00Z'),
        renewalStatus: null,
      },
    ]);
  });

  it('records a refusal as Rejected and sends the homeowner to the failure URL', async () => {
    const { client } = await start();
    const shortUrl = await startMandate(client, 'REFUSED1');
    const step1 = await submitConsent(shortUrl.consentUrl, { ean: EAN, action: 'request', holder: '1' });
    expect(step1.status).toBe(200);
    const refused = await submitConsent(shortUrl.consentUrl, { ean: EAN, action: 'refuse', holder: '1' });
    expect(refused.location).toBe('https://portal.ilumen.test/mandates/REFUSED1/refused');
    expect((await client.listMandates({ referenceNumber: 'REFUSED1' })).map((m) => m.status)).toEqual([
      'Rejected',
    ]);
    // The link is used up.
    expect((await fetch(shortUrl.consentUrl)).status).toBe(409);
  });

  it('shows one Dutch message per EAN fault on the consent page', async () => {
    const { client } = await start();
    const { consentUrl } = await startMandate(client, 'TYPO1');
    const typo = await submitConsent(consentUrl, {
      ean: '541440012345678900',
      action: 'request',
      holder: '1',
    });
    expect(typo.status).toBe(422);
    expect(typo.html).toContain('controlecijfer');
    const short = await submitConsent(consentUrl, { ean: '54144882', action: 'request', holder: '1' });
    expect(short.html).toContain('je gaf er 8 in');
    expect(await client.listMandates({ referenceNumber: 'TYPO1' })).toEqual([]);
  });

  it('lets the consent link expire', async () => {
    const clock = createManualClock(NOW);
    const { client } = await start({ simulator: { clock, shortUrlValidityMinutes: 60 }, deps: { clock } });
    const { consentUrl, validTo } = await startMandate(client, 'LATE1');
    expect(validTo).toEqual(new Date(NOW.getTime() + 3_600_000));
    clock.advance(61 * 60_000);
    expect((await fetch(consentUrl)).status).toBe(410);
  });

  it('stays Requested until the decision delay has passed', async () => {
    const clock = createManualClock(NOW);
    const { client } = await start({ simulator: { clock, decisionDelayMs: 10 * 60_000 }, deps: { clock } });
    const { consentUrl } = await startMandate(client, 'DELAYED1');
    await approveAsHomeowner(consentUrl, EAN);
    expect((await client.listMandates({ referenceNumber: 'DELAYED1' }))[0]?.status).toBe('Requested');
    clock.advance(9 * 60_000);
    expect((await client.listMandates({ status: 'Approved' })).length).toBe(0);
    clock.advance(60_000);
    expect((await client.listMandates({ referenceNumber: 'DELAYED1' }))[0]?.status).toBe('Approved');
  });

  it('waits for the contract holder when the homeowner is not the holder', async () => {
    const { client, simulator } = await start();
    const { consentUrl } = await startMandate(client, 'HOLDER1');
    const done = await approveAsHomeowner(consentUrl, EAN, false);
    expect(done.status).toBe(303);
    expect((await client.listMandates({ referenceNumber: 'HOLDER1' }))[0]?.status).toBe('Requested');
    expect(simulator.control.approve('HOLDER1')).toBe(1);
    expect((await client.listMandates({ referenceNumber: 'HOLDER1' }))[0]?.status).toBe('Approved');
  });

  it('lets the contract holder approve by itself after a configured delay', async () => {
    const clock = createManualClock(NOW);
    const { client } = await start({
      simulator: { clock, contractHolderDelayMs: 2 * 86_400_000 },
      deps: { clock },
    });
    const { consentUrl } = await startMandate(client, 'HOLDER2');
    await approveAsHomeowner(consentUrl, EAN, false);
    clock.advance(86_400_000);
    expect((await client.listMandates({ referenceNumber: 'HOLDER2' }))[0]?.status).toBe('Requested');
    clock.advance(86_400_000);
    expect((await client.listMandates({ referenceNumber: 'HOLDER2' }))[0]?.status).toBe('Approved');
  });

  it('says energy type G for a gas EAN', async () => {
    const { client, simulator } = await start();
    simulator.control.markGas(GAS_EAN);
    const { consentUrl } = await startMandate(client, 'GAS1');
    await approveAsHomeowner(consentUrl, GAS_EAN);
    expect(await client.listMandates({ referenceNumber: 'GAS1' })).toMatchObject([
      { ean: GAS_EAN, energyType: 'G' },
    ]);
  });

  it('filters by EAN, status and renewal status', async () => {
    const clock = createManualClock(NOW);
    const { client, simulator } = await start({ simulator: { clock }, deps: { clock } });
    simulator.control.createMandate({ referenceNumber: 'A1', ean: EAN });
    simulator.control.createMandate({
      referenceNumber: 'B1',
      ean: '541448820050357909',
      status: 'Requested',
    });
    simulator.control.createMandate({
      referenceNumber: 'C1',
      ean: '541440010000000001',
      mandateExpirationDate: new Date(NOW.getTime() + 30 * 86_400_000),
    });
    expect((await client.listMandates({ ean: EAN })).map((m) => m.referenceNumber)).toEqual(['A1']);
    expect((await client.listMandates({ status: 'Requested' })).map((m) => m.referenceNumber)).toEqual([
      'B1',
    ]);
    expect(
      (await client.listMandates({ renewalStatus: 'ToBeRenewed' })).map((m) => m.referenceNumber),
    ).toEqual(['C1']);
    expect(simulator.control.requests().at(-1)?.query).toEqual({ RenewalStatus: 'ToBeRenewed' });
  });

  it('shows renewal and expiry as time passes', async () => {
    const clock = createManualClock(NOW);
    const { client, simulator } = await start({ simulator: { clock }, deps: { clock } });
    simulator.control.createMandate({
      referenceNumber: 'R1',
      ean: EAN,
      mandateExpirationDate: new Date(NOW.getTime() + 100 * 86_400_000),
    });
    const read = async () => (await client.listMandates({ referenceNumber: 'R1' }))[0];
    expect(await read()).toMatchObject({ status: 'Approved', renewalStatus: null });
    clock.advance(11 * 86_400_000);
    expect(await read()).toMatchObject({ status: 'Approved', renewalStatus: 'ToBeRenewed' });
    clock.advance(90 * 86_400_000);
    expect(await read()).toMatchObject({ status: 'Finished', renewalStatus: 'Expired' });

    simulator.control.createMandate({ referenceNumber: 'R2', ean: EAN });
    simulator.control.expire('R2');
    expect((await client.listMandates({ referenceNumber: 'R2' }))[0]).toMatchObject({
      status: 'Finished',
      renewalStatus: 'Expired',
    });
  });

  it('refuses a short URL for the wrong data access contract', async () => {
    const { client } = await start({ config: { dataAccessContractNumber: 'DTC-SOMEONE-ELSE' } });
    await expect(startMandate(client, 'WRONG1')).rejects.toBeInstanceOf(FluviusRequestRefusedError);
  });

  it('checks its input before calling Fluvius', async () => {
    const { client, simulator } = await start();
    await expect(startMandate(client, 'has-dashes')).rejects.toThrow(/letters and digits/);
    expect(simulator.control.stats().apiRequests).toBe(0);
  });
});
