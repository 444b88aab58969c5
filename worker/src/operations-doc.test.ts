import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workerEnvSchema } from './env';

/*
 * docs/operations.md lists every variable the worker reads, and the compose stack gives the worker only variables it
 * reads and runs the entry points its build makes: an operator can trust both.
 */
const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const doc = readFileSync(repo('docs/operations.md'), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^\| `([A-Z0-9_]+)` +\| (both|portal|worker) +\|/gm)].map((m) => [m[1]!, m[2]!]),
);
const keys = Object.keys(workerEnvSchema.shape);

describe("the operations guide's environment table, for the worker", () => {
  it('lists every variable the worker reads', () => {
    expect(keys.filter((k) => !documented.has(k))).toEqual([]);
  });
  it("names no variable the worker does not read as the worker's (or both)", () => {
    const claimed = [...documented].filter(
      ([k, p]) => p !== 'portal' && k !== 'ACCEPT_DEVELOPMENT_DEFAULTS' && !keys.includes(k),
    );
    expect(claimed).toEqual([]);
    expect(keys.filter((k) => documented.get(k) === 'portal')).toEqual([]);
  });
});

describe('the compose stack', () => {
  const compose = parse(readFileSync(repo('ops/compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, unknown>; command?: string[] }>;
  };
  const build = (
    JSON.parse(readFileSync(repo('worker/package.json'), 'utf8')) as { scripts: { build: string } }
  ).scripts.build;
  const built = [...build.matchAll(/([\w-]+)\.ts/g)].map((m) => `dist/${m[1]}.mjs`);

  it('gives the worker and the migrations only variables they read', () => {
    for (const name of ['worker', 'migrate']) {
      const env = Object.keys(compose.services[name]?.environment ?? {});
      expect(env.length).toBeGreaterThan(0);
      expect(env.filter((k) => !keys.includes(k))).toEqual([]);
    }
  });

  it('runs entry points the build makes', () => {
    const dockerfile = readFileSync(repo('ops/docker/worker.Dockerfile'), 'utf8');
    const cmd = /^CMD \[.*"(dist\/[\w-]+\.mjs)"\]/m.exec(dockerfile)?.[1];
    expect(built).toContain(cmd);
    expect(built).toContain(compose.services.migrate?.command?.[1]);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
