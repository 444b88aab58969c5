import { decode, topics } from '@ilumen/mqtt-contract';
import { describe, expect, it } from 'vitest';
import { createMetrics, refusalClass } from './metrics';

/** The label a refusal is counted under, for the reasons the contract's decoder really gives. */
describe('refusal classes', () => {
  const serial = 'ILS-24A00017';
  const reasonOf = (topic: string, payload: string) => {
    const r = decode(topic, payload);
    if (r.ok) throw new Error('decoded');
    return r.reason;
  };
  it.each([
    ['not JSON', topics.live(serial), 'not json', 'not_json'],
    ['an empty payload', topics.live(serial), '', 'not_json'],
    ['a JSON array', topics.live(serial), '[1]', 'not_json'],
    ['an unknown topic', `ilumen/v1/gw/${serial}/nope`, '{}', 'bad_topic'],
    ['a newer contract', topics.live(serial), '{"v":9,"ts":"2026-01-01T00:00:00Z"}', 'unsupported_version'],
    ['a payload of the wrong shape', topics.live(serial), '{"v":1,"ts":"yesterday"}', 'invalid'],
    ['a payload over the limit', topics.live(serial), `{"v":1,"x":"${'a'.repeat(300_000)}"}`, 'too_large'],
  ])('%s → %s', (_label, topic, payload, label) => {
    expect(refusalClass(reasonOf(topic, payload))).toBe(label);
  });
  it('an unknown serial', () => {
    expect(refusalClass('unknown gateway: no such serial is registered')).toBe('unknown_gateway');
  });
});

describe('metrics', () => {
  it('are rendered with the process label after the scrape-time readers ran', async () => {
    const metrics = createMetrics('worker');
    metrics.onScrape(async () => metrics.liveStreams.set(3));
    metrics.onScrape(async () => {
      throw new Error('Redis away');
    });
    const text = await metrics.render();
    expect(text).toContain('ilumen_live_streams_open{process="worker"} 3');
    expect(text).toContain('ilumen_scrape_collect_ok{process="worker"} 0');
  });
});
