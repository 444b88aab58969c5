import {
  gatewayPublishedKinds,
  platformPublishedKinds,
  type TopicKind,
  topicFor,
  wildcard,
} from '@ilumen/mqtt-contract';

/**
 * Who may do what on the broker, derived from the MQTT contract's direction per topic (`topicRules[kind].from`), so a
 * new topic gets its rights where it is declared. Written as dynamic-security ACLs (Mosquitto 2); docs/broker.md says
 * how the same rules are expressed on EMQX or VerneMQ, and `authorizeTopic` answers them for an HTTP authorizer.
 */
export interface DynsecAcl {
  acltype: 'publishClientSend' | 'publishClientReceive' | 'subscribeLiteral' | 'subscribePattern';
  topic: string;
  allow: boolean;
}

/** The platform's broker users: each process logs in as its own, with only the rights it needs. */
export const PLATFORM_USERS = {
  /** Manages gateway logins through the dynamic-security API (the portal's claim and revoke). */
  admin: 'ilumen-admin',
  /** Reads everything gateways publish (the worker's ingest, shared subscriptions). */
  ingest: 'ilumen-ingest',
  /** Sends commands and configurations (the portal). */
  portal: 'ilumen-portal',
  /** Sends configurations, commands and OTA instructions (the worker's control jobs and rollouts). */
  worker: 'ilumen-worker',
} as const;
export type PlatformUser = keyof typeof PLATFORM_USERS;

const DYNSEC = '$CONTROL/dynamic-security/#';

const send = (topic: string): DynsecAcl => ({ acltype: 'publishClientSend', topic, allow: true });
const receive = (topic: string): DynsecAcl[] => [
  { acltype: 'subscribePattern', topic, allow: true },
  { acltype: 'publishClientReceive', topic, allow: true },
];

/** Per platform user: its role's ACLs. Nobody else exists; anything not granted is refused (see `DEFAULT_ACCESS`). */
export const PLATFORM_ACLS: Record<PlatformUser, DynsecAcl[]> = {
  admin: [send(DYNSEC), ...receive(DYNSEC)],
  ingest: gatewayPublishedKinds.flatMap((k) => [
    ...receive(wildcard(k)),
    // several ingest workers split the fleet through `$share/<group>/…` (the ACL sees the whole filter)
    { acltype: 'subscribePattern' as const, topic: `$share/+/${wildcard(k)}`, allow: true },
  ]),
  portal: (['config', 'cmdReq'] as TopicKind[]).map((k) => send(wildcard(k))),
  worker: (['config', 'cmdReq', 'ota'] as TopicKind[]).map((k) => send(wildcard(k))),
};

/** The dynamic-security defaults: everything not granted by a role is refused (unsubscribing is harmless). */
export const DEFAULT_ACCESS = {
  publishClientSend: false,
  publishClientReceive: false,
  subscribe: false,
  unsubscribe: true,
} as const;

/** A gateway's role name: one per gateway, since Mosquitto 2.0's dynamic security has no `%u` substitution. */
export function gatewayRoleName(serial: string): string {
  return `gateway-${serial}`;
}

/**
 * A gateway's rights: publish what the contract says a gateway publishes, subscribe to and receive what the
 * platform publishes, each on its own root `ilumen/v1/gw/<serial>/` only (its last will on `state` is a publish too).
 */
export function gatewayAcls(serial: string): DynsecAcl[] {
  return [
    ...gatewayPublishedKinds.map((k) => send(topicFor(k, serial))),
    ...platformPublishedKinds.flatMap((k) => [
      { acltype: 'subscribeLiteral' as const, topic: topicFor(k, serial), allow: true },
      { acltype: 'publishClientReceive' as const, topic: topicFor(k, serial), allow: true },
    ]),
  ];
}

/**
 * Benchmarks only (never the demo or production): one login that plays many gateways at once and reads its own
 * `bench/…` traffic, so a load generator needs a few connections instead of one per simulated gateway.
 */
export const LOAD_GENERATOR_USER = 'bench-load';
export const LOAD_GENERATOR_ACLS: DynsecAcl[] = ['ilumen/v1/gw/#', 'bench/#'].flatMap((t) => [
  send(t),
  ...receive(t),
]);
