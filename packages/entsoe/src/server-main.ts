import { parseArgs } from 'node:util';
import { startEntsoeServer } from './entsoe-server';

// `npm run -w @ilumen/entsoe start -- --port 8787 --token dev-entsoe-token`: the local ENTSO-E price server on the
// real clock, for the demo and for trying the client by hand.

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string', multiple: true, default: ['dev-entsoe-token'] },
    'no-fixtures': { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

const server = await startEntsoeServer({
  port,
  host: values.host,
  securityToken: values.token,
  ...(values['no-fixtures'] ? { fixturesDir: null } : {}),
});
process.stdout.write(
  `${JSON.stringify({ msg: 'entsoe price server listening', url: server.url, tokens: values.token.length })}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
