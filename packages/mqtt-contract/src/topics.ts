import { ContractError } from './contract-error';
import { isGatewaySerial } from './serial';
import { TOPIC_PREFIX } from './version';

export type Qos = 0 | 1 | 2;

interface TopicRule {
  /** Topic levels after `ilumen/v1/gw/{serial}/`. */
  readonly suffix: string;
  /** Who publishes on it. */
  readonly from: 'gateway' | 'platform';
  readonly qos: Qos;
  readonly retain: boolean;
}

/**
 * QoS and retain per topic (DESIGN §6). `live` is QoS 0: a newer value follows in ~5 s, so redelivery is waste.
 * `state` and `config` are retained so a subscriber that (re)connects sees the current value at once.
 * `ota` is deliberately not retained: a retained instruction would be replayed after every gateway restart,
 * including after a rollback; the gateway's persistent session (clean: false) queues it while offline instead.
 */
export const topicRules = {
  state: { suffix: 'state', from: 'gateway', qos: 1, retain: true },
  live: { suffix: 'live', from: 'gateway', qos: 0, retain: false },
  energy: { suffix: 'energy', from: 'gateway', qos: 1, retain: false },
  event: { suffix: 'event', from: 'gateway', qos: 1, retain: false },
  config: { suffix: 'config', from: 'platform', qos: 1, retain: true },
  configAck: { suffix: 'config/ack', from: 'gateway', qos: 1, retain: false },
  cmdReq: { suffix: 'cmd/req', from: 'platform', qos: 1, retain: false },
  cmdRes: { suffix: 'cmd/res', from: 'gateway', qos: 1, retain: false },
  ota: { suffix: 'ota', from: 'platform', qos: 1, retain: false },
  otaStatus: { suffix: 'ota/status', from: 'gateway', qos: 1, retain: false },
} as const satisfies Record<string, TopicRule>;

export type TopicKind = keyof typeof topicRules;

export const topicKinds = Object.keys(topicRules) as TopicKind[];

/** Kinds the gateway publishes (and the platform subscribes to). */
export const gatewayPublishedKinds = topicKinds.filter((k) => topicRules[k].from === 'gateway');
/** Kinds the platform publishes (and the gateway subscribes to). */
export const platformPublishedKinds = topicKinds.filter((k) => topicRules[k].from === 'platform');

const kindBySuffix = new Map<string, TopicKind>(topicKinds.map((k) => [topicRules[k].suffix, k]));

function assertSerial(serial: string): void {
  if (!isGatewaySerial(serial)) throw new ContractError(`not a gateway serial: ${JSON.stringify(serial)}`);
}

/** `ilumen/v1/gw/{serial}/` — the root a gateway's credentials are limited to. */
export function topicRoot(serial: string): string {
  assertSerial(serial);
  return `${TOPIC_PREFIX}/${serial}/`;
}

export function topicFor(kind: TopicKind, serial: string): string {
  return topicRoot(serial) + topicRules[kind].suffix;
}

/** Typed builders: `topics.state('ILS-24A00017')` → `ilumen/v1/gw/ILS-24A00017/state`. Throw on a bad serial. */
export const topics = Object.fromEntries(
  topicKinds.map((kind) => [kind, (serial: string) => topicFor(kind, serial)]),
) as { readonly [K in TopicKind]: (serial: string) => string };

export interface ParsedTopic {
  serial: string;
  kind: TopicKind;
}

/** Topic → serial and kind, or null when the topic is not a contract v1 gateway topic. */
export function parseTopic(topic: string): ParsedTopic | null {
  const prefix = `${TOPIC_PREFIX}/`;
  if (!topic.startsWith(prefix)) return null;
  const slash = topic.indexOf('/', prefix.length);
  if (slash < 0) return null;
  const serial = topic.slice(prefix.length, slash);
  if (!isGatewaySerial(serial)) return null;
  const kind = kindBySuffix.get(topic.slice(slash + 1));
  return kind ? { serial, kind } : null;
}

export function publishOptions(kind: TopicKind): { qos: Qos; retain: boolean } {
  const rule = topicRules[kind];
  return { qos: rule.qos, retain: rule.retain };
}

/** `ilumen/v1/gw/+/energy`: one kind from every gateway. */
export function wildcard(kind: TopicKind): string {
  return `${TOPIC_PREFIX}/+/${topicRules[kind].suffix}`;
}

/** A group name is a single topic level: no wildcards, no separators, not empty. */
const SHARE_GROUP_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * MQTT 5 shared subscription (`$share/ingest/ilumen/v1/gw/+/energy`): the broker hands each message to one member of
 * the group, so several ingest workers split the fleet's traffic between them.
 */
export function sharedSubscription(group: string, filter: string): string {
  if (!SHARE_GROUP_PATTERN.test(group))
    throw new ContractError(`not a share group name: ${JSON.stringify(group)}`);
  if (filter.startsWith('$share/')) throw new ContractError('filter is already a shared subscription');
  return `$share/${group}/${filter}`;
}

/** Everything the platform listens to: every gateway-published kind, from every gateway. */
export function platformSubscriptions(shareGroup?: string): string[] {
  const filters = gatewayPublishedKinds.map(wildcard);
  return shareGroup === undefined ? filters : filters.map((f) => sharedSubscription(shareGroup, f));
}

/** What one gateway listens to: config, cmd/req and ota on its own root. */
export function gatewaySubscriptions(serial: string): string[] {
  return platformPublishedKinds.map((k) => topicFor(k, serial));
}

/**
 * Does a subscription filter (plain or `$share/<group>/…`) match a topic? MQTT rules: `+` is one level, `#` the rest;
 * wildcards never match a topic starting with `$`.
 */
export function topicMatches(filter: string, topic: string): boolean {
  let f = filter;
  if (f.startsWith('$share/')) {
    const groupEnd = f.indexOf('/', '$share/'.length);
    if (groupEnd < 0) return false;
    f = f.slice(groupEnd + 1);
  }
  const fl = f.split('/');
  const tl = topic.split('/');
  for (let i = 0; i < fl.length; i++) {
    const level = fl[i];
    if (level === '#') return !(i === 0 && topic.startsWith('$'));
    const t = tl[i];
    if (t === undefined) return false;
    if (level === '+') {
      if (i === 0 && t.startsWith('$')) return false;
      continue;
    }
    if (level !== t) return false;
  }
  return fl.length === tl.length;
}
