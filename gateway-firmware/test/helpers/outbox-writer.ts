/* Child process for the crash test: appends numbered messages to an outbox as fast as it can until killed. */
import { Outbox } from '../../src/mqtt/outbox';

const dir = process.argv[2]!;
const outbox = Outbox.open(dir, { maxBytes: 64 * 1024 * 1024, segmentBytes: 64 * 1024 });
let i = outbox.stats().appended;
process.stdout.write('ready\n');
const pad = 'x'.repeat(300);
for (;;) {
  outbox.append({
    topic: 'ilumen/v1/gw/ILS-CRASH001/energy',
    payload: JSON.stringify({ i, pad }),
    retain: false,
  });
  i++;
  if (i % 500 === 0) {
    // everything below i is appended: the parent may kill from here on
    process.stdout.write(`${i}\n`);
    await new Promise((r) => setImmediate(r));
  }
}
