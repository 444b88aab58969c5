/*
 * What the gateway's release bundle holds (decision 016): its size and each package's share of it, so a shared
 * package (`@ilumen/p1`, `@ilumen/energy/calendar`, …) is seen to bring only what the gateway uses.
 *   npx tsx bench/bundle-size.ts
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const result = await build({
  entryPoints: [here('../src/main.ts')],
  write: false,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // native bindings and their CommonJS wrapper load from node_modules at run time, as in the memory bench
  external: ['serialport', '@serialport/*', 'modbus-serial'],
  minify: true,
  metafile: true,
  logLevel: 'error',
  outfile: 'gateway.mjs',
});
const output = Object.values(result.metafile.outputs)[0]!;
const shares = new Map<string, number>();
for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
  const key =
    dependency ?? (input.startsWith('src/') ? 'gateway-firmware/src' : input.replace(/\/src\/.*/, ''));
  shares.set(key, (shares.get(key) ?? 0) + bytesInOutput);
}
const kb = (n: number) => `${(n / 1024).toFixed(1).padStart(7)} KiB`;
process.stdout.write(
  [
    `Gateway release bundle (esbuild, minified): ${kb(output.bytes)} from ${Object.keys(output.inputs).length} modules`,
    ...[...shares]
      .sort((a, b) => b[1] - a[1])
      .filter(([, bytes]) => bytes >= 2048)
      .map(([name, bytes]) => `  ${kb(bytes)}  ${name.replace(/^(\.\.\/)+/, '')}`),
    '',
  ].join('\n'),
);
