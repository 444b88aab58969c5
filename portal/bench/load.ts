import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** One load run in its own process (so the load generator does not share the server's event loop). */
const { url, cookies, paths, seconds } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as {
  url: string;
  cookies: string[];
  paths: string[];
  seconds: number;
};
let next = 0;
autocannon(
  {
    url,
    connections: cookies.length,
    duration: seconds,
    setupClient: (client) => {
      const i = next++ % cookies.length;
      client.setHeaders({ cookie: cookies[i]!, 'accept-language': 'nl-BE' });
      client.setRequests([{ method: 'GET', path: paths[i]! }]);
    },
  },
  (err, r) => {
    if (err) throw err;
    const latency = r.latency as unknown as Record<string, number>;
    process.stdout.write(
      JSON.stringify({
        rps: r.requests.average,
        p50: latency.p50,
        p975: latency.p97_5,
        p99: latency.p99,
        errors: r.errors + r.non2xx,
      }),
    );
  },
);
