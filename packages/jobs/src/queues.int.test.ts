import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorker, JobProducer } from './index';

const prefix = `test-jobs-${randomBytes(4).toString('hex')}`;
const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
const producer = new JobProducer({ connection, prefix });

afterAll(async () => {
  await producer.close();
  const redis = new Redis(connection);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('job registry', () => {
  it('refuses a payload that does not match its schema before it is queued', async () => {
    await expect(
      producer.add('mail', 'send', {
        template: 'password-reset',
        to: 'not-an-email',
        locale: 'nl',
        // @ts-expect-error: deliberately wrong payload
        params: {},
      }),
    ).rejects.toThrow();
    expect(await producer.raw('mail').count()).toBe(0);
  });

  it('delivers a checked payload to its handler once per business key', async () => {
    const seen: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => {
      done = r;
    });
    const worker = createWorker(
      'mail',
      {
        send: async (payload) => {
          seen.push(payload.to);
          done();
        },
      },
      { connection, prefix },
    );
    const payload = {
      template: 'password-reset' as const,
      to: 'jan@example.be',
      locale: 'nl' as const,
      params: { name: 'Jan', url: 'http://localhost/x' },
    };
    await producer.add('mail', 'send', payload, { jobId: 'reset-1' });
    await producer.add('mail', 'send', payload, { jobId: 'reset-1' });
    await finished;
    await new Promise((r) => setTimeout(r, 200));
    await worker.close();
    expect(seen).toEqual(['jan@example.be']);
  });
});
