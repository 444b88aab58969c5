import { writeFileSync } from 'node:fs';
import { encode, topics } from '@ilumen/mqtt-contract';
import mqtt from 'mqtt';

/**
 * The load for the ingest bench, in its own process (so it does not share a core with the ingest): N gateways, each
 * sending `live` every round and `energy` every fourth round (a quarter boundary in compressed time), at a target rate
 * (messages/s, 0 = as fast as the broker takes them); mode `energy` sends only `energy`, a boundary per round (a
 * backlog for the drain measurement). Writes the send time of every energy message to a file.
 */
const [url, serialsArg, rateArg, secondsArg, outFile, mode, startArg] = process.argv.slice(2);
const serials = serialsArg!.split(',');
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const client = await mqtt.connectAsync(url!, { clientId: `bench-pub-${process.pid}`, protocolVersion: 5 });
const Q = 15 * 60 * 1000;
const start = Date.parse(startArg ?? '2026-01-05T00:00:00Z');
const sent: Array<[string, string, number]> = [];
let count = 0;
const began = Date.now();
let round = 0;
const counters = serials.map(() => ({ imp: 1_000_000, exp: 200_000, pv: 50_000 }));

outer: for (;;) {
  for (let g = 0; g < serials.length; g++) {
    const serial = serials[g]!;
    const elapsed = (Date.now() - began) / 1000;
    if (elapsed >= seconds) break outer;
    if (rate > 0 && count > elapsed * rate)
      await new Promise((r) => setTimeout(r, Math.max(1, ((count - elapsed * rate) / rate) * 1000)));
    if (mode === 'raw') {
      client.publish(`bench/raw/${serial}`, '{"v":1}', { qos: 0 });
    } else if (mode === 'energy' || round % 4 === 3) {
      const c = counters[g]!;
      c.imp += 200 + ((g * 7 + round) % 300);
      c.exp += (g + round) % 50;
      c.pv += 100;
      const ts = new Date(start + (mode === 'energy' ? round : Math.floor(round / 4)) * Q).toISOString();
      client.publish(
        topics.energy(serial),
        encode('energy', {
          v: 1,
          ts,
          seq: round,
          meter: { importT1Wh: c.imp, importT2Wh: 0, exportT1Wh: c.exp, exportT2Wh: 0 },
          pv: { wh: c.pv },
        }),
        { qos: 1 },
      );
      sent.push([serial, ts, Date.now()]);
    } else {
      client.publish(
        topics.live(serial),
        encode('live', {
          v: 1,
          ts: new Date().toISOString(),
          grid: { importW: 500 + g, exportW: 0, quarterAverageW: 400 },
          pv: { w: 1200 },
        }),
        { qos: 0 },
      );
    }
    count++;
  }
  round++;
}
await client.endAsync();
writeFileSync(outFile!, JSON.stringify({ count, seconds: (Date.now() - began) / 1000, sent }));
