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
