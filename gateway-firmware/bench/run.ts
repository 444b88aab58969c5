/*
 * Runs every gateway benchmark, one after another (they measure CPU and memory: never in parallel), and prints
 * their figures; each prints its own baseline measured in the same run.
 *   npm run -w @ilumen/gateway-firmware bench [-- name …]   e.g. `-- p1-parse gateway-memory`
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ALL = ['p1-parse', 'modbus-read', 'control-cycle', 'bundle-size', 'gateway-memory', 'sim-capacity'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : ALL;

let failed = 0;
for (const name of names) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  process.stdout.write(`\n== ${name} ==\n`);
  if (!existsSync(file)) {
    process.stdout.write(`(no bench/${name}.ts yet)\n`);
    continue;
  }
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
    child.once('exit', resolve);
  });
  if (code !== 0) {
    failed++;
    process.stdout.write(`${name} failed (exit ${code})\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
