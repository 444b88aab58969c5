import { describe, expect, it } from 'vitest';
import { commandEnvelopeSchema, commandRequestSchema, commandResponseSchema, isExpired } from './command';

const envelope = {
  v: 1,
  id: '5d2c9a8e-1f3b-4e7a-8c6d-9e0f1a2b3c4d',
  issuedAt: '2024-05-01T10:00:00.000Z',
  expiresAt: '2024-05-01T10:05:00.000Z',
} as const;

describe('command requests', () => {
  it('check args per command name', () => {
    const start = { ...envelope, name: 'charge.start', args: { chargerId: 'ch1', mode: 'fast' } };
    expect(commandRequestSchema.safeParse(start).success).toBe(true);
    expect(commandRequestSchema.safeParse({ ...start, args: { chargerId: 'ch1' } }).success).toBe(false);
    expect(commandRequestSchema.safeParse({ ...start, name: 'charge.stop' }).success).toBe(true);
  });

  it('modbus.read wants exactly one of deviceId and endpoint, and at most 125 registers', () => {
    const read = { unit: 1, address: 40000, count: 10, kind: 'holding' };
    const req = (args: object) => commandRequestSchema.safeParse({ ...envelope, name: 'modbus.read', args });
    expect(req({ ...read, deviceId: 'inv1' }).success).toBe(true);
    expect(req({ ...read, endpoint: { transport: 'tcp', host: '10.0.0.5' } }).success).toBe(true);
    expect(req(read).error?.issues[0]?.message).toMatch(/exactly one of deviceId and endpoint/);
    expect(req({ ...read, deviceId: 'inv1', endpoint: { transport: 'tcp', host: '10.0.0.5' } }).success).toBe(
      false,
    );
    expect(req({ ...read, deviceId: 'inv1', count: 126 }).success).toBe(false);
    expect(req({ ...read, deviceId: 'inv1', kind: 'coil' }).success).toBe(false);
  });

  it('fills defaults a sender may leave out', () => {
    const scan = commandRequestSchema.parse({
      ...envelope,
      name: 'modbus.scan',
      args: { endpoint: { transport: 'rtu', path: '/dev/ttyS1' } },
    });
    expect(scan.name === 'modbus.scan' && scan.args).toEqual({
      endpoint: {
        transport: 'rtu',
        path: '/dev/ttyS1',
        baudRate: 9600,
        parity: 'none',
        dataBits: 8,
        stopBits: 1,
      },
      unitIds: [1],
    });
    const reboot = commandRequestSchema.parse({ ...envelope, name: 'reboot', args: {} });
    expect(reboot.name === 'reboot' && reboot.args.delayS).toBe(0);
  });

  it('refuses an expiry before the issue time', () => {
    const r = commandRequestSchema.safeParse({
      ...envelope,
      expiresAt: '2024-05-01T09:59:59.000Z',
      name: 'reboot',
      args: {},
    });
    expect(r.error?.issues[0]?.path).toEqual(['expiresAt']);
  });

  it('the loose envelope still reads the id of an unknown command so the gateway can answer', () => {
    const unknown = { ...envelope, name: 'self.destruct', args: {} };
    expect(commandRequestSchema.safeParse(unknown).success).toBe(false);
    expect(commandEnvelopeSchema.parse(unknown)).toMatchObject({ id: envelope.id, name: 'self.destruct' });
  });

  it('isExpired compares with the instant passed in', () => {
    expect(isExpired(envelope, new Date('2024-05-01T10:04:59.999Z'))).toBe(false);
    expect(isExpired(envelope, new Date('2024-05-01T10:05:00.000Z'))).toBe(true);
  });
});

describe('command responses', () => {
  const done = { v: 1, id: envelope.id, finishedAt: '2024-05-01T10:00:01.000Z' } as const;

  it('check the result against the named command', () => {
    const ok = { ...done, ok: true, name: 'charge.start', result: { sessionId: 's-1' } };
    expect(commandResponseSchema.safeParse(ok).success).toBe(true);
    expect(commandResponseSchema.safeParse({ ...ok, result: { registers: [1] } }).success).toBe(false);
    const read = { ...done, ok: true, name: 'modbus.read', result: { registers: [0, 65535] } };
    expect(commandResponseSchema.safeParse(read).success).toBe(true);
    expect(commandResponseSchema.safeParse({ ...read, result: { registers: [65536] } }).success).toBe(false);
  });

  it('a failure has a known error code and a message, with or without a name', () => {
    const fail = { ...done, ok: false, error: { code: 'expired', message: 'expired at 10:05:00Z' } };
    expect(commandResponseSchema.safeParse(fail).success).toBe(true);
    expect(commandResponseSchema.safeParse({ ...fail, name: 'self.destruct' }).success).toBe(true);
    expect(commandResponseSchema.safeParse({ ...fail, error: { code: 'oops', message: 'x' } }).success).toBe(
      false,
    );
    expect(commandResponseSchema.safeParse({ ...fail, error: undefined }).success).toBe(false);
  });
});
