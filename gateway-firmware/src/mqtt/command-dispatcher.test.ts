import { randomUUID } from 'node:crypto';
import { decode, type PayloadInput, topics } from '@ilumen/mqtt-contract';
import { describe, expect, it } from 'vitest';
import { ModbusError } from '../modbus/modbus-error';
import { silentLogger } from '../runtime/logger';
import { CommandDispatcher, CommandError } from './command-dispatcher';

const serial = 'ILS-CMDTEST01';
const now = Date.parse('2024-05-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function setup(handlers: ConstructorParameters<typeof CommandDispatcher>[0]['handlers']) {
  const responses: PayloadInput<'cmdRes'>[] = [];
  const d = new CommandDispatcher({
    handlers,
    now: () => now,
    respond: (r) => responses.push(r),
    logger: silentLogger(),
  });
  const send = async (body: object) => {
    const raw = Buffer.from(JSON.stringify(body));
    await d.handle(decode(topics.cmdReq(serial), raw), raw);
  };
  return { responses, send };
}

const request = (name: string, args: object, expiresAt = now + 60_000) => ({
  v: 1,
  id: randomUUID(),
  name,
  args,
  issuedAt: iso(now - 1000),
  expiresAt: iso(expiresAt),
});

describe('CommandDispatcher', () => {
  it('runs a command once and answers with its result; a redelivery gets the same answer without running again', async () => {
    let runs = 0;
    const { responses, send } = setup({
      'modbus.read': async (args) => {
        runs++;
        return { registers: Array.from({ length: args.count }, (_, i) => args.address + i) };
      },
    });
    const req = request('modbus.read', {
      deviceId: 'inv1',
      unit: 1,
      address: 40000,
      count: 2,
      kind: 'holding',
    });
    await send(req);
    await send(req);
    expect(runs).toBe(1);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toEqual({
      v: 1,
      id: req.id,
      ok: true,
      name: 'modbus.read',
      result: { registers: [40000, 40001] },
      finishedAt: iso(now),
    });
    expect(responses[1]).toEqual(responses[0]);
  });

  it('answers expired without running a request whose deadline has passed', async () => {
    let ran = false;
    const { responses, send } = setup({
      reboot: async () => {
        ran = true;
        return { rebootAt: iso(now) };
      },
    });
    const req = request('reboot', {}, now);
    await send(req);
    expect(ran).toBe(false);
    expect(responses).toMatchObject([{ id: req.id, ok: false, name: 'reboot', error: { code: 'expired' } }]);
  });

  it('answers unknown_command and invalid_request from the envelope of a request the contract refuses', async () => {
    const { responses, send } = setup({});
    const unknown = request('self.destruct', {});
    await send(unknown);
    const bad = request('modbus.read', { unit: 1, address: 0, count: 500, kind: 'holding' });
    await send(bad);
    await send({ hello: 'world' });
    expect(responses).toMatchObject([
      { id: unknown.id, ok: false, error: { code: 'unknown_command' } },
      { id: bad.id, ok: false, name: 'modbus.read', error: { code: 'invalid_request' } },
    ]);
    expect(responses).toHaveLength(2);
  });

  it('turns handler failures into the contract codes', async () => {
    const { responses, send } = setup({
      'charge.start': async () => {
        throw new CommandError('not_found', 'no charger x');
      },
      'modbus.read': async () => {
        throw new ModbusError('timeout', 'no answer within 1000 ms');
      },
      'p1.lastTelegram': async () => {
        throw new Error('boom');
      },
    });
    await send(request('charge.start', { chargerId: 'x', mode: 'fast' }));
    await send(request('modbus.read', { deviceId: 'inv1', unit: 1, address: 0, count: 1, kind: 'input' }));
    await send(request('p1.lastTelegram', {}));
    expect(responses.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['not_found', 'timeout', 'internal']);
  });
});
