import { readFileSync } from 'node:fs';
import { instantOfLocal } from '@ilumen/energy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntsoeServer, startEntsoeServer } from './entsoe-server';
import { parseMarketDocument } from './parse-market-document';

const TOKEN = 'server-test-token';
let server: EntsoeServer;
const clock = instantOfLocal('2026-01-01', 9, 0);

beforeAll(async () => {
  server = await startEntsoeServer({ securityToken: [TOKEN, 'second-token'], now: () => clock });
});
afterAll(async () => {
  await server.close();
});

const get = async (query: string) => {
  const res = await fetch(`${server.url}/api?${query}`);
  return { status: res.status, body: await res.text() };
};
const a44 = (start: string, end: string, token = TOKEN, eic = '10YBE----------2') =>
  `securityToken=${token}&documentType=A44&in_Domain=${eic}&out_Domain=${eic}&periodStart=${start}&periodEnd=${end}`;

describe('local ENTSO-E server', () => {
  it('serves the real fixture byte for byte for its exact day', async () => {
    const { status, body } = await get(a44('202410072200', '202410082200'));
    expect(status).toBe(200);
    expect(body).toBe(
      readFileSync(new URL('../fixtures/BE_day_ahead_2024-10-08_PT60M.xml', import.meta.url), 'utf8'),
    );
  });

  it('accepts any configured token and refuses others with 401', async () => {
    expect((await get(a44('202410072200', '202410082200', 'second-token'))).status).toBe(200);
    const refused = await get(a44('202410072200', '202410082200', 'nope'));
    expect(refused.status).toBe(401);
    expect((await get(a44('202410072200', '202410082200').replace(/^securityToken=[^&]*&/, ''))).status).toBe(
      401,
    );
  });

  it('answers tomorrow before 13:00 with the no-data acknowledgement', async () => {
    const { status, body } = await get(a44('202601012300', '202601022300'));
    expect(status).toBe(200);
    const doc = parseMarketDocument(body);
    expect(doc).toMatchObject({ kind: 'acknowledgement', reasons: [{ code: '999' }] });
    expect(body).toContain('No matching data found');
    // Today is there.
    expect(parseMarketDocument((await get(a44('202512312300', '202601012300'))).body).kind).toBe(
      'publication',
    );
  });

  it('refuses malformed queries with a 400 acknowledgement', async () => {
    const cases = [
      a44('2024-10-07', '202410082200'),
      a44('202410082200', '202410072200'),
      a44('202301012300', '202501012300'),
      a44('202410072200', '202410082200').replace('documentType=A44', 'documentType=A65'),
      a44('202410072200', '202410082200').replace('&periodEnd=202410082200', ''),
    ];
    for (const q of cases) {
      const { status, body } = await get(q);
      expect(status, q).toBe(400);
      expect(parseMarketDocument(body).kind).toBe('acknowledgement');
    }
  });

  it('an unknown zone has no data; another known zone gets its own prices', async () => {
    const unknown = await get(a44('202410072200', '202410082200', TOKEN, '10YXX----------1'));
    expect(parseMarketDocument(unknown.body).kind).toBe('acknowledgement');
    const nl = parseMarketDocument(
      (await get(a44('202410072200', '202410082200', TOKEN, '10YNL----------L'))).body,
    );
    expect(nl.kind === 'publication' && nl.series[0]?.inDomain).toBe('10YNL----------L');
  });

  it('injects 500s and then recovers', async () => {
    server.faults.failNext(500);
    expect((await get(a44('202410072200', '202410082200'))).status).toBe(500);
    expect((await get(a44('202410072200', '202410082200'))).status).toBe(200);
    server.faults.failNext(429, 5);
    server.faults.clear();
    expect((await get(a44('202410072200', '202410082200'))).status).toBe(200);
  });

  it('only serves /api', async () => {
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
  });
});
