import { runP1Cli } from './p1-cli';

// `npm run -w … p1` runs in the workspace folder; INIT_CWD is where the user typed the command
process.exitCode = await runP1Cli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
