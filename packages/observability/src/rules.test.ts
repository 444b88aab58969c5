import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createMetrics } from './metrics';

/*
 * The alert rules and the dashboard an operator imports, checked as Prometheus itself reads them: `promtool check
 * rules`, the rules' unit tests (`promtool test rules`), every dashboard query parsed by promtool, and every metric
 * either of them names really exported by the portal or the worker.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rules = path.join(root, 'ops/prometheus/alerts.yml');
const rulesTests = path.join(root, 'ops/prometheus/alerts.test.yml');
const dashboard = JSON.parse(readFileSync(path.join(root, 'ops/grafana/ilumen.json'), 'utf8')) as {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
};
const tmp = mkdtempSync(path.join(tmpdir(), 'ilumen-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { code?: string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error('promtool is missing: apt-get install prometheus (bash .ci/run does)');
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

const exported = async () => {
  const names = new Set<string>();
  for (const process of ['portal', 'worker'] as const)
    for (const m of await createMetrics(process).registry.getMetricsAsJSON()) names.add(m.name);
  return names;
};
const named = (text: string) => new Set(text.match(/\bilumen_[a-z_]+/g) ?? []);
const base = (name: string) => name.replace(/_(bucket|sum|count)$/, '');

describe('alert rules', () => {
  it('are valid rules', () => {
    expect(promtool('check', 'rules', rules)).toMatch(/SUCCESS/);
  });

  it('fire on what they are for and not just short of it (promtool test rules)', () => {
    expect(promtool('test', 'rules', rulesTests)).toMatch(/SUCCESS/);
  });

  it('name only metrics the processes export', async () => {
    const names = await exported();
    const unknown = [...named(readFileSync(rules, 'utf8'))].filter(
      (n) => !names.has(n) && !names.has(base(n)),
    );
    expect(unknown).toEqual([]);
  });
});

describe('the Grafana dashboard', () => {
  it('has queries Prometheus can parse', () => {
    const groups = dashboard.panels.flatMap((p, i) =>
      p.targets.map((t, j) => `      - record: panel_${i}_${j}\n        expr: ${JSON.stringify(t.expr)}\n`),
    );
    const file = path.join(tmp, 'dashboard-queries.yml');
    writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${groups.join('')}`);
    expect(promtool('check', 'rules', file)).toMatch(/SUCCESS/);
  });

  it('names only metrics the processes export', async () => {
    const names = await exported();
    const used = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...named(t.expr)]));
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((n) => !names.has(n) && !names.has(base(n)))).toEqual([]);
  });
});
