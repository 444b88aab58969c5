import { topics } from '@ilumen/mqtt-contract';
import { describe, expect, it } from 'vitest';
import { authorizeTopic } from './authorize';

const A = 'ILS-AUTHZ0001';
const B = 'ILS-AUTHZ0002';

describe('the broker rules for an HTTP authorizer', () => {
  it('lets a gateway publish its own data and read its own commands, nothing else', () => {
    for (const t of [topics.state(A), topics.energy(A), topics.cmdRes(A), topics.otaStatus(A)])
      expect(authorizeTopic(A, 'publish', t)).toBe(true);
    for (const t of [
      topics.cmdReq(A),
      topics.config(A),
      topics.ota(A),
      topics.energy(B),
      'ilumen/v1/gw/+/energy',
    ])
      expect(authorizeTopic(A, 'publish', t)).toBe(false);
    for (const t of [topics.cmdReq(A), topics.config(A), topics.ota(A)])
      expect(authorizeTopic(A, 'subscribe', t)).toBe(true);
    for (const t of [
      topics.cmdReq(B),
      'ilumen/v1/gw/+/cmd/req',
      '#',
      `ilumen/v1/gw/${A}/#`,
      topics.energy(A),
    ])
      expect(authorizeTopic(A, 'subscribe', t)).toBe(false);
  });

  it('gives each platform user its own rights only', () => {
    expect(authorizeTopic('ilumen-ingest', 'subscribe', 'ilumen/v1/gw/+/energy')).toBe(true);
    expect(authorizeTopic('ilumen-ingest', 'subscribe', '$share/ingest/ilumen/v1/gw/+/energy')).toBe(true);
    expect(authorizeTopic('ilumen-ingest', 'subscribe', topics.energy(A))).toBe(true);
    expect(authorizeTopic('ilumen-ingest', 'subscribe', 'ilumen/v1/gw/#')).toBe(false);
    expect(authorizeTopic('ilumen-ingest', 'subscribe', 'ilumen/v1/gw/+/cmd/req')).toBe(false);
    expect(authorizeTopic('ilumen-ingest', 'publish', topics.cmdReq(A))).toBe(false);
    expect(authorizeTopic('ilumen-portal', 'publish', topics.cmdReq(A))).toBe(true);
    expect(authorizeTopic('ilumen-portal', 'publish', topics.ota(A))).toBe(false);
    expect(authorizeTopic('ilumen-portal', 'subscribe', topics.energy(A))).toBe(false);
    expect(authorizeTopic('ilumen-worker', 'publish', topics.ota(A))).toBe(true);
    expect(authorizeTopic('ilumen-worker', 'publish', topics.energy(A))).toBe(false);
    expect(authorizeTopic('ilumen-admin', 'publish', '$CONTROL/dynamic-security/v1')).toBe(true);
    expect(authorizeTopic('somebody', 'publish', topics.energy(A))).toBe(false);
    expect(authorizeTopic('', 'subscribe', '#')).toBe(false);
  });
});
