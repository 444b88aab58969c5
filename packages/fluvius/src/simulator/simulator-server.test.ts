import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../testing';
import { type FluviusSimulator, startFluviusSimulator } from './simulator-server';

const clock = createManualClock(new Date('2024-11-05T09:00:00Z'));
let simulator: FluviusSimulator;

beforeAll(async () => {
  simulator = await startFluviusSimulator({ clock, rateLimit: { requestsPerSecond: 3 } });
});
afterAll(() => simulator.close());

async function token(): Promise<string> {
  const config = simulator.clientConfig;
  const response = await fetch(config.tokenUrl!, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.clientId,
      scope: config.scope,
      client_secret: config.credentials.kind === 'secret' ? config.credentials.clientSecret : '',
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function control(command: unknown) {
  const response = await fetch(`${simulator.url}/_sim/control`, {
    method: 'POST',
    body: JSON.stringify(command),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the simulator over HTTP', () => {
  it('is driven through /_sim/control as well as the control object', async () => {
    expect(
      await control({
        action: 'createMandate',
        referenceNumber: 'HTTP1',
        ean: '541448820052377134',
        status: 'Requested',
      }),
    ).toMatchObject({
      status: 200,
      body: { status: 'Requested' },
    });
    expect(await control({ action: 'approve', referenceNumber: 'HTTP1' })).toEqual({
      status: 200,
      body: { changed: 1 },
    });
    expect(simulator.control.mandates().find((m) => m.referenceNumber === 'HTTP1')?.status).toBe('Approved');
    expect(await control({ action: 'advanceClock', ms: 60_000 })).toEqual({
      status: 200,
      body: { now: '2024-11-05T09:01:00Z' },
    });
    expect((await control({ action: 'approve' })).status).toBe(400);
    const state = (await (await fetch(`${simulator.url}/_sim/state`)).json()) as { mandates: unknown[] };
    expect(state.mandates).toHaveLength(1);
  });

  it('creates approved sandbox mandates through POST Mandate/mock', async () => {
    const bearer = await token();
    const response = await fetch(`${simulator.clientConfig.apiBaseUrl}/Mandate/mock`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        'ocp-apim-subscription-key': simulator.clientConfig.subscriptionKey,
      },
      body: JSON.stringify({
        referenceNumber: 'MOCK1',
        eanNumber: '541440010000000001',
        dataServiceType: 'VH_kwartier_uur',
        dataPeriodFrom: '2024-01-01T00:00:00Z',
        dataPeriodTo: '2025-01-01T00:00:00Z',
        status: 'Approved',
        renewalStatus: 'ToBeRenewed',
      }),
    });
    expect(response.status).toBe(200);
    expect(simulator.control.mandates().find((m) => m.referenceNumber === 'MOCK1')).toMatchObject({
      status: 'Approved',
      renewalStatus: 'ToBeRenewed',
    });
  });

  it('answers like the API gateway: subscription key first, then the token, then its rate limit', async () => {
    const api = simulator.clientConfig.apiBaseUrl;
    const bare = await fetch(`${api}/Mandate`);
    expect(bare.status).toBe(401);
    expect(await bare.text()).toContain('missing subscription key');
    const noToken = await fetch(`${api}/Mandate`, {
      headers: { 'ocp-apim-subscription-key': simulator.clientConfig.subscriptionKey },
    });
    expect(noToken.status).toBe(401);
    expect(await noToken.text()).toContain('Access token is missing or invalid');

    const bearer = await token();
    const headers = {
      authorization: `Bearer ${bearer}`,
      'ocp-apim-subscription-key': simulator.clientConfig.subscriptionKey,
    };
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a fresh one-second window
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${api}/Mandate`, { headers });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(3);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('serves the consent page only for known, unused, unexpired links', async () => {
    expect((await fetch(`${simulator.url}/verbruik/dienstverlener?id=unknown`)).status).toBe(404);
    expect((await fetch(`${simulator.url}/nowhere`)).status).toBe(404);
  });
});
