import { runAddGateway } from './add-gateway-command';

process.exitCode = runAddGateway(
  process.argv.slice(2),
  (s) => process.stdout.write(s),
  (s) => process.stderr.write(s),
);
