import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { portalEnvSchema } from '../app/server/env.server';

/*
 * docs/operations.md lists every variable the portal reads, and the compose stack gives the portal only variables it
 * reads and runs the entry point its build makes: an operator can trust both.
 */
const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const doc = readFileSync(repo('docs/operations.md'), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^\| `([A-Z0-9_]+)` +\| (both|portal|worker) +\|/gm)].map((m) => [m[1]!, m[2]!]),
);
const keys = Object.keys(portalEnvSchema.shape);

describe("the operations guide's environment table, for the portal", () => {
  it('lists every variable the portal reads', () => {
    expect(keys.filter((k) => !documented.has(k))).toEqual([]);
  });
  it("names no variable the portal does not read as the portal's (or both)", () => {
    const claimed = [...documented].filter(
      ([k, p]) => p !== 'worker' && k !== 'ACCEPT_DEVELOPMENT_DEFAULTS' && !keys.includes(k),
    );
    expect(claimed).toEqual([]);
    expect(keys.filter((k) => documented.get(k) === 'worker')).toEqual([]);
  });
});

describe('the compose stack', () => {
  const compose = parse(readFileSync(repo('ops/compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, unknown>; command?: string[] }>;
  };
  const build = (
    JSON.parse(readFileSync(repo('portal/package.json'), 'utf8')) as { scripts: { build: string } }
  ).scripts.build;
  const built = [...build.matchAll(/([\w-]+)\.ts/g)].map((m) => `dist/${m[1]}.mjs`);

  it('gives the portal only variables it reads', () => {
    for (const name of ['portal']) {
      const env = Object.keys(compose.services[name]?.environment ?? {});
      expect(env.length).toBeGreaterThan(0);
      expect(env.filter((k) => !keys.includes(k))).toEqual([]);
    }
  });

  it('runs entry points the build makes', () => {
    const dockerfile = readFileSync(repo('ops/docker/portal.Dockerfile'), 'utf8');
    const cmd = /^CMD \[.*"(dist\/[\w-]+\.mjs)"\]/m.exec(dockerfile)?.[1];
    expect(built).toContain(cmd);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
