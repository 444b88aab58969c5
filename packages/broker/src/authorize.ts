import { isGatewaySerial, parseTopic, topicMatches } from '@ilumen/mqtt-contract';
import { gatewayAcls, PLATFORM_ACLS, PLATFORM_USERS, type PlatformUser } from './acl';

export type MqttAction = 'publish' | 'subscribe';

const platformUserByName = new Map(
  (Object.keys(PLATFORM_USERS) as PlatformUser[]).map((u) => [PLATFORM_USERS[u] as string, u]),
);

/** A subscription filter without its `$share/<group>/` prefix, and whether it had one. */
function unshare(filter: string): { filter: string; shared: boolean } {
  if (!filter.startsWith('$share/')) return { filter, shared: false };
  const end = filter.indexOf('/', '$share/'.length);
  return end < 0 ? { filter: '', shared: true } : { filter: filter.slice(end + 1), shared: true };
}

/**
 * The broker rules (the same ACLs the dynamic security plugin is given) for an authorizer that is asked per action:
 * EMQX's or VerneMQ's HTTP authorization through the portal. `subscribe` is checked as the filter asked for, literally
 * for a gateway (a gateway may not subscribe to wildcards) and as a pattern for the platform.
 */
export function authorizeTopic(username: string, action: MqttAction, topic: string): boolean {
  if (topic.length === 0 || topic.length > 512) return false;
  const platform = platformUserByName.get(username);
  if (platform) {
    const acls = PLATFORM_ACLS[platform];
    if (action === 'publish')
      return acls.some((a) => a.acltype === 'publishClientSend' && topicMatches(a.topic, topic));
    const { filter, shared } = unshare(topic);
    // a pattern grant covers a filter when the filter is the pattern or narrower (no wildcard where it has a level)
    return acls.some(
      (a) =>
        a.acltype === 'subscribePattern' &&
        (shared
          ? a.topic.startsWith('$share/+/') && covers(a.topic.slice('$share/+/'.length), filter)
          : covers(a.topic, filter)),
    );
  }
  if (!isGatewaySerial(username)) return false;
  if (action === 'publish') {
    if (/[+#]/.test(topic)) return false;
    return gatewayAcls(username).some((a) => a.acltype === 'publishClientSend' && a.topic === topic);
  }
  const parsed = parseTopic(topic);
  return (
    parsed?.serial === username &&
    gatewayAcls(username).some((a) => a.acltype === 'subscribeLiteral' && a.topic === topic)
  );
}

/** Does the grant `pattern` (with `+`/`#`) cover every topic the filter `filter` can match? */
function covers(pattern: string, filter: string): boolean {
  const p = pattern.split('/');
  const f = filter.split('/');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '#') return true;
    const level = f[i];
    if (level === undefined || level === '#') return false;
    if (p[i] === '+') continue;
    if (level === '+' || level !== p[i]) return false;
  }
  return p.length === f.length;
}
