// Every dependency a workspace declares is used by it: imported by its code, run by its scripts, named in its
// config files, or the peer of one it uses (react-dom for Remix, recharts for Mantine's charts). `turbo boundaries`
// checks the other way round (an import the workspace does not declare). Part of `npm run lint`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const read = (p) => JSON.parse(readFileSync(p, 'utf8'));
const workspaces = read(join(root, 'package.json')).workspaces.flatMap((w) =>
  w.endsWith('/*') ? readdirSync(join(root, w.slice(0, -2))).map((d) => join(w.slice(0, -2), d)) : [w],
);
// used without being named: compilers and type packages
const implicit = (dep) => dep.startsWith('@types/') || dep === 'typescript' || dep === '@ilumen/tsconfig';
// used by code that is not ours: Remix's default entry.server (the portal has none of its own) imports isbot
const neededBy = { portal: ['isbot'] };

const problems = [];
for (const ws of workspaces.filter((w) => existsSync(join(root, w, 'package.json')))) {
  const pkg = read(join(root, ws, 'package.json'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ws], {
    cwd: root,
  })
    .toString()
    .split('\n')
    .filter((f) => /\.(ts|tsx|js|mjs|cjs|json)$/.test(f) && !f.endsWith('package.json'));
  const text = `${files.map((f) => readFileSync(join(root, f), 'utf8')).join('\n')}\n${Object.values(pkg.scripts ?? {}).join('\n')}`;
  const declared = { ...pkg.dependencies, ...pkg.devDependencies };
  const named = (dep) =>
    new RegExp(`['"\`\\s]${dep.replace(/[/.]/g, '\\$&')}(/[^'"\`\\s]*)?['"\`\\s]`).test(text);
  const used = new Set(
    Object.keys(declared).filter((d) => implicit(d) || named(d) || neededBy[ws]?.includes(d)),
  );
  const peersOf = (dep) => {
    const manifest = [join(root, ws, 'node_modules', dep), join(root, 'node_modules', dep)]
      .map((d) => join(d, 'package.json'))
      .find(existsSync);
    return manifest ? Object.keys(read(manifest).peerDependencies ?? {}) : [];
  };
  for (const dep of [...used]) for (const peer of peersOf(dep)) used.add(peer);
  for (const dep of Object.keys(declared))
    if (!used.has(dep)) problems.push(`${ws}: declares ${dep} but never uses it`);
}
if (problems.length > 0) {
  process.stderr.write(
    `${problems.join('\n')}\n${problems.length} unused dependencies: remove them from package.json\n`,
  );
  process.exit(1);
}
process.stdout.write(`every declared dependency is used (${workspaces.length} workspaces)\n`);
