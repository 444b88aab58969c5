import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commonEnv, EnvError, parseEnv, redactUrl } from './index';

describe('parseEnv', () => {
  it('fills defaults for the local machine', () => {
    const env = parseEnv(z.object(commonEnv), {});
    expect(env.DATABASE_URL).toBe('mysql://root@127.0.0.1:3306/ilumen');
    expect(env.NODE_ENV).toBe('development');
  });

  it('lists every problem at once', () => {
    try {
      parseEnv(z.object(commonEnv), { DATABASE_URL: 'postgres://x', REDIS_URL: 'nope' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const problems = (e as EnvError).problems.join('\n');
      expect(problems).toMatch(/DATABASE_URL/);
      expect(problems).toMatch(/REDIS_URL/);
    }
  });

  it('redacts passwords in urls', () => {
    expect(redactUrl('mysql://root:s3cret@db:3306/x')).toBe('mysql://root:***@db:3306/x');
    expect(redactUrl('not a url')).toBe('(invalid url)');
  });
});

describe('REDIS_PREFIX', () => {
  const parse = (REDIS_PREFIX: string) => parseEnv(z.object(commonEnv), { REDIS_PREFIX }).REDIS_PREFIX;
  it('takes a hash tag in braces, for BullMQ on Redis Cluster', () => {
    expect(parse('{ilumen}')).toBe('{ilumen}');
    expect(parse('prod-{ilumen}')).toBe('prod-{ilumen}');
    expect(parse('ilumen_test-1')).toBe('ilumen_test-1');
  });
  it.each(['', '{}', '{a}{b}', 'ilumen:x', 'Ilumen', '{ilumen', 'a b'])('refuses %j', (v) => {
    expect(() => parse(v)).toThrow(/REDIS_PREFIX/);
  });
});

describe('production', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'mysql://ilumen:s3cret@db:3306/ilumen',
    REDIS_URL: 'redis://redis:6379',
    MQTT_URL: 'mqtts://broker:8883',
    SMTP_URL: 'smtp://relay:25',
    PUBLIC_URL: 'https://portal.ilumen.be',
  };
  const schema = z.object({ ...commonEnv, MQTT_USERNAME: z.string().optional() });
  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      parseEnv(schema, env);
      return [];
    } catch (e) {
      return (e as EnvError).problems;
    }
  };

  it('starts with settings of its own', () => {
    expect(problems({ ...production, MQTT_USERNAME: 'ilumen-portal' })).toEqual([]);
  });

  it("refuses the development machine's defaults, every one listed", () => {
    const listed = problems({ NODE_ENV: 'production' }).join('\n');
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'MQTT_URL', 'SMTP_URL', 'PUBLIC_URL', 'MQTT_USERNAME'])
      expect(listed).toContain(`${k}:`);
    expect(listed).toMatch(/DATABASE_URL: logs in as root/);
    expect(listed).toMatch(/DATABASE_URL: no password/);
    expect(listed).toMatch(/PUBLIC_URL: http, not https/);
    expect(listed).toMatch(/ACCEPT_DEVELOPMENT_DEFAULTS=true/);
  });

  it('refuses a root login without a password even when set explicitly', () => {
    expect(
      problems({ ...production, MQTT_USERNAME: 'x', DATABASE_URL: 'mysql://root@db:3306/ilumen' }),
    ).toEqual([
      'DATABASE_URL: logs in as root; give the platform a user of its own with the rights it needs',
      'DATABASE_URL: no password',
      'ACCEPT_DEVELOPMENT_DEFAULTS=true runs with them anyway (a demo on one machine, never a real deployment)',
    ]);
  });

  it('runs with them when told to accept them, and in development', () => {
    expect(problems({ NODE_ENV: 'production', ACCEPT_DEVELOPMENT_DEFAULTS: 'true' })).toEqual([]);
    expect(problems({})).toEqual([]);
  });
});
