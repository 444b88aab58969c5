/*
 * The release signer's tool. The private key lives with whoever runs it (a file, mode 0600), never in the portal:
 *
 *   npm run firmware:keygen -- --out keys/firmware-signing.key
 *   npm run firmware:pack -- --version 1.5.0 --hardware A1,B2 --out gw-1.5.0.ilfw build/gateway
 *   npm run firmware:sign -- --key keys/firmware-signing.key gw-1.5.0.ilfw
 *   npm run firmware:verify -- --public-key <base64> gw-1.5.0.ilfw [--signature <base64>]
 */
import { runCli } from './cli-commands';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
  // npm runs workspace scripts in the workspace's folder; paths on the command line are the caller's
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
