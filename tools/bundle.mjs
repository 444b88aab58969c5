// The production build of a Node process (portal server, worker): its TypeScript and the workspace packages it uses
// (@ilumen/*, TypeScript sources) compiled by esbuild into one ES module per entry point in the workspace's `dist/`;
// every other package stays an import, loaded from node_modules at run time (some read files of their own, e.g.
// BullMQ's Lua scripts). Production runs `node dist/<entry>.mjs`; `tsx` is for development (decision 121).
//   node ../tools/bundle.mjs src/main.ts [more entries…]
// With --self-contained every package is bundled except those named by --external=a,b (the gateway's release: one
// file, decision 016; native bindings stay outside).
import path from 'node:path';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const entries = args.filter((a) => !a.startsWith('--'));
const selfContained = args.includes('--self-contained');
const externals = (args.find((a) => a.startsWith('--external='))?.slice('--external='.length) ?? '')
  .split(',')
  .filter(Boolean);
if (entries.length === 0) {
  console.error('usage: node tools/bundle.mjs ENTRY.ts [ENTRY.ts …] (run in the workspace folder)');
  process.exit(2);
}

const workspacePackagesOnly = {
  name: 'workspace-packages-only',
  setup(b) {
    // a bare import that is not one of ours: left to Node
    // (`~/…` is the portal's own folder, through tsconfig paths)
    b.onResolve({ filter: /^[^./~]/ }, (a) =>
      a.path.startsWith('@ilumen/') ? undefined : { path: a.path, external: true },
    );
  },
};

const started = performance.now();
const result = await build({
  entryPoints: entries.map((e) => ({ in: e, out: path.basename(e).replace(/\.tsx?$/, '') })),
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  // names stay readable in stack traces and logs
  minify: false,
  metafile: true,
  logLevel: 'warning',
  plugins: selfContained ? [] : [workspacePackagesOnly],
  external: selfContained ? externals : [],
  // CommonJS packages bundled into an ES module still call require (Node's built-ins)
  banner: selfContained
    ? { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }
    : {},
});
for (const [file, { bytes }] of Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.mjs')))
  console.warn(`${file}  ${(bytes / 1024).toFixed(0)} KiB`);
console.warn(`built in ${Math.round(performance.now() - started)} ms`);
