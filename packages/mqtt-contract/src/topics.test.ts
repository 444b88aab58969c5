import { describe, expect, it } from 'vitest';
import { ContractError } from './contract-error';
import {
  gatewayPublishedKinds,
  gatewaySubscriptions,
  parseTopic,
  platformPublishedKinds,
  platformSubscriptions,
  publishOptions,
  sharedSubscription,
  topicKinds,
  topicMatches,
  topics,
  wildcard,
} from './topics';

const serial = 'ILS-24A00017';

describe('topic builders', () => {
  it('build every kind under the gateway root', () => {
    expect(topics.state(serial)).toBe('ilumen/v1/gw/ILS-24A00017/state');
    expect(topics.configAck(serial)).toBe('ilumen/v1/gw/ILS-24A00017/config/ack');
    expect(topics.cmdReq(serial)).toBe('ilumen/v1/gw/ILS-24A00017/cmd/req');
    expect(topics.cmdRes(serial)).toBe('ilumen/v1/gw/ILS-24A00017/cmd/res');
    expect(topics.otaStatus(serial)).toBe('ilumen/v1/gw/ILS-24A00017/ota/status');
  });

  it.each(['ILS-+', 'ILS-#1234567', 'ILS-ABC/DEF12', 'ils-24a00017', 'ILS-12345', 'XYZ-24A00017', ''])(
    'refuse the serial %j rather than build a topic that could reach other gateways',
    (bad) => {
      expect(() => topics.live(bad)).toThrow(ContractError);
    },
  );
});

describe('parseTopic', () => {
  it('round-trips every kind', () => {
    for (const kind of topicKinds) {
      expect(parseTopic(topics[kind](serial))).toEqual({ serial, kind });
    }
  });

  it.each([
    'ilumen/v2/gw/ILS-24A00017/state',
    'ilumen/v1/gw/ILS-24A00017',
    'ilumen/v1/gw/ILS-24A00017/',
    'ilumen/v1/gw/ILS-24A00017/cmd',
    'ilumen/v1/gw/ILS-24A00017/state/extra',
    'ilumen/v1/gw/+/state',
    'ilumen/v1/gw/not-a-serial/state',
    '$share/ingest/ilumen/v1/gw/ILS-24A00017/energy',
    'ilumen/v1/gw//state',
  ])('returns null for %s', (topic) => {
    expect(parseTopic(topic)).toBeNull();
  });
});

describe('QoS and retain table', () => {
  it('retains state and config only, and sends live at QoS 0', () => {
    const retained = topicKinds.filter((k) => publishOptions(k).retain);
    expect(retained.sort()).toEqual(['config', 'state']);
    expect(publishOptions('live').qos).toBe(0);
    for (const k of topicKinds.filter((k) => k !== 'live')) expect(publishOptions(k).qos).toBe(1);
  });

  it('splits directions', () => {
    expect(platformPublishedKinds.sort()).toEqual(['cmdReq', 'config', 'ota']);
    expect(gatewayPublishedKinds).toHaveLength(topicKinds.length - 3);
  });
});

describe('subscriptions', () => {
  const other = 'ILS-99ZZ0001';

  it('a wildcard matches that kind from any gateway and nothing else', () => {
    expect(wildcard('energy')).toBe('ilumen/v1/gw/+/energy');
    expect(topicMatches(wildcard('energy'), topics.energy(other))).toBe(true);
    expect(topicMatches(wildcard('energy'), topics.event(other))).toBe(false);
    expect(topicMatches(wildcard('ota'), topics.otaStatus(other))).toBe(false);
  });

  it('builds MQTT 5 shared subscriptions that still match the plain topics', () => {
    const filter = sharedSubscription('ingest', wildcard('energy'));
    expect(filter).toBe('$share/ingest/ilumen/v1/gw/+/energy');
    expect(topicMatches(filter, topics.energy(serial))).toBe(true);
    expect(topicMatches(filter, topics.live(serial))).toBe(false);
  });

  it.each(['', 'a/b', 'a+', '#', 'in gest'])('refuses share group %j', (group) => {
    expect(() => sharedSubscription(group, wildcard('energy'))).toThrow(ContractError);
  });

  it('the platform hears everything gateways publish and none of its own messages', () => {
    const filters = platformSubscriptions('ingest');
    expect(filters.every((f) => f.startsWith('$share/ingest/'))).toBe(true);
    for (const kind of topicKinds) {
      const heard = filters.some((f) => topicMatches(f, topics[kind](other)));
      expect(heard, kind).toBe(gatewayPublishedKinds.includes(kind));
    }
    expect(platformSubscriptions()).toContain('ilumen/v1/gw/+/config/ack');
  });

  it('a gateway hears only its own config, commands and OTA', () => {
    const filters = gatewaySubscriptions(serial);
    expect(filters).toHaveLength(3);
    for (const kind of topicKinds) {
      expect(filters.some((f) => topicMatches(f, topics[kind](serial)))).toBe(
        platformPublishedKinds.includes(kind),
      );
      expect(filters.some((f) => topicMatches(f, topics[kind](other)))).toBe(false);
    }
  });

  it('follows MQTT matching rules for # and $ topics', () => {
    expect(topicMatches('ilumen/v1/gw/#', 'ilumen/v1/gw')).toBe(true);
    expect(topicMatches('ilumen/v1/gw/#', topics.cmdRes(serial))).toBe(true);
    expect(topicMatches('#', '$SYS/broker/uptime')).toBe(false);
    expect(topicMatches('+/broker/uptime', '$SYS/broker/uptime')).toBe(false);
    expect(topicMatches('ilumen/v1/gw/+', topics.state(serial))).toBe(false);
  });
});
