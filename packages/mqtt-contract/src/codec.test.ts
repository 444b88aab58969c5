import { describe, expect, it } from 'vitest';
import { buildMessage, decode, encode, lastWill, MAX_PAYLOAD_BYTES } from './codec';
import { ContractError } from './contract-error';
import { examplePayloads, exampleSerial } from './examples';
import { topicKinds, topics } from './topics';

const serial = exampleSerial;

describe('encode → decode round trip', () => {
  it.each(topicKinds)('%s', (kind) => {
    const text = encode(kind, examplePayloads[kind]);
    const decoded = decode(topics[kind](serial), Buffer.from(text));
    expect(decoded).toEqual({ ok: true, serial, kind, payload: JSON.parse(text) });
    // nothing the sender wrote is lost on the way
    expect(JSON.parse(text)).toMatchObject(examplePayloads[kind]);
  });

  it('accepts a string as well as bytes', () => {
    const decoded = decode(topics.live(serial), encode('live', examplePayloads.live));
    expect(decoded.ok && decoded.kind === 'live' && decoded.payload.grid?.importW).toBe(338);
  });

  it('narrows the payload type by kind', () => {
    const decoded = decode(topics.energy(serial), encode('energy', examplePayloads.energy));
    if (!decoded.ok || decoded.kind !== 'energy') throw new Error('expected energy');
    expect(decoded.payload.meter?.importT1Wh).toBe(301548);
  });

  it('buildMessage carries the QoS and retain of the table', () => {
    const msg = buildMessage(serial, 'state', examplePayloads.state);
    expect(msg).toMatchObject({ topic: topics.state(serial), qos: 1, retain: true });
    expect(buildMessage(serial, 'live', examplePayloads.live)).toMatchObject({ qos: 0, retain: false });
  });

  it('the last will is a retained offline state', () => {
    const will = lastWill(serial);
    expect(will).toMatchObject({ topic: topics.state(serial), qos: 1, retain: true });
    const decoded = decode(will.topic, will.payload);
    expect(decoded).toEqual({ ok: true, serial, kind: 'state', payload: { v: 1, online: false } });
  });
});

describe('decode refuses with a reason and never throws', () => {
  const live = topics.live(serial);

  it.each([
    ['not JSON', '{"v":1,', /not JSON/],
    ['a JSON array', '[1,2]', /must be a JSON object/],
    ['JSON null', 'null', /must be a JSON object/],
    ['empty', '', /empty payload/],
    ['another contract version', '{"v":2,"ts":"2024-05-01T10:15:05.000Z"}', /version 2 not supported/],
    ['a string where watts belong', JSON.stringify({ ...examplePayloads.live, pv: { w: '12' } }), /pv\.w/],
    ['fractional watts', JSON.stringify({ ...examplePayloads.live, pv: { w: 12.5 } }), /pv\.w/],
    [
      'a local time',
      JSON.stringify({ ...examplePayloads.live, ts: '2024-05-01T12:15:05+02:00' }),
      /ts: .*UTC/,
    ],
    [
      'an unknown battery status',
      JSON.stringify({ ...examplePayloads.live, battery: { w: 1, socPct: 5, status: 'charging' } }),
      /battery\.status/,
    ],
  ])('%s', (_label, text, reason) => {
    const result = decode(live, text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(reason);
      expect(result.reason.length).toBeLessThan(300);
      expect(result).toMatchObject({ serial, kind: 'live' });
    }
  });

  it('refuses bytes that are not UTF-8', () => {
    const result = decode(live, Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(result).toEqual({ ok: false, reason: 'live: payload is not valid UTF-8', serial, kind: 'live' });
  });

  it('refuses an oversized payload unread', () => {
    const result = decode(live, Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/over the limit/);
  });

  it('refuses a topic outside the contract', () => {
    const result = decode('ilumen/v1/gw/ILS-24A00017/unknown', encode('live', examplePayloads.live));
    expect(result).toEqual({
      ok: false,
      reason: 'topic is not a contract v1 gateway topic: ilumen/v1/gw/ILS-24A00017/unknown',
    });
  });

  it('says how many more issues there were instead of listing them all', () => {
    const bad = { v: 1, ts: 'x', grid: { importW: 'a', exportW: 'b' }, pv: { w: 'c' }, heat: {} };
    const many = decode(live, JSON.stringify(bad));
    expect(many.ok).toBe(false);
    if (!many.ok) expect(many.reason).toMatch(/\(\+\d+ more\)$/);
  });
});

describe('encode refuses what would not decode', () => {
  it('throws a ContractError naming the field', () => {
    expect(() => encode('energy', { ...examplePayloads.energy, seq: -1 })).toThrow(ContractError);
    expect(() => encode('energy', { ...examplePayloads.energy, ts: '2024-05-01T10:16:00.000Z' })).toThrow(
      /ts: must be a quarter-hour boundary/,
    );
  });
});
