import { parseArgs } from 'node:util';
import { gatewaySerialSchema } from '@ilumen/mqtt-contract';
import { PLATFORM_USERNAME } from './broker-files';
import { generatePassword, setMosquittoPassword } from './password-file';

const USAGE = `usage: broker:add-gateway -- --passwd FILE [--password PW] [--builtin] SERIAL
       broker:add-gateway -- --passwd FILE [--password PW] --platform
Adds (or replaces) a gateway's broker credentials; the username is the serial, which the ACL keys its topic root on.
Without --password a random one is generated. Prints the credentials as JSON. Reload a running broker with SIGHUP.`;

export function runAddGateway(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (!values.passwd || (values.platform ? positionals.length !== 0 : positionals.length !== 1)) {
    err(`${USAGE}\n`);
    return 2;
  }
  const username = values.platform ? PLATFORM_USERNAME : positionals[0]!;
  if (!values.platform) {
    const serial = gatewaySerialSchema.safeParse(username);
    if (!serial.success) {
      err(`${JSON.stringify(username)}: ${serial.error.issues[0]?.message}\n`);
      return 2;
    }
  }
  const password = values.password ?? generatePassword();
  try {
    const { via } = setMosquittoPassword(values.passwd, username, password, { useTool: !values.builtin });
    out(`${JSON.stringify({ username, password, passwordFile: values.passwd, via })}\n`);
    return 0;
  } catch (e) {
    err(`${(e as Error).message}\n`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      passwd: { type: 'string' },
      password: { type: 'string' },
      platform: { type: 'boolean', default: false },
      builtin: { type: 'boolean', default: false },
    },
  });
}
