import { describe, expect, it } from 'vitest';
import { RequestQueue } from './request-queue';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RequestQueue', () => {
  it('never runs two jobs at once and keeps their order', async () => {
    const q = new RequestQueue();
    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    const jobs = [5, 1, 3, 0, 2].map((ms, i) =>
      q.run(async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await tick(ms);
        order.push(i);
        running--;
        return i;
      }),
    );
    expect(q.size).toBe(5);
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(maxRunning).toBe(1);
    expect(q.size).toBe(0);
  });

  it('goes on after a job fails', async () => {
    const q = new RequestQueue();
    const failed = q.run(async () => {
      throw new Error('boom');
    });
    const next = q.run(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
