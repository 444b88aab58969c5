/*
 * What the supervisor runs (systemd `ExecStart=node /opt/ilumen/launcher.mjs --root /var/lib/ilumen/firmware
 * --factory /opt/ilumen/factory/gateway.mjs -- --config /etc/ilumen/gateway.json`, `Restart=always`). It is part of
 * the factory image and never updated over the air: before each start it applies the boot guard (a new version that
 * cannot start or prove itself is rolled back here), then runs the release the `active` link points at, or the
 * factory one, passing signals through and exiting with its code.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decideBoot } from './boot-guard';
import { OtaStateFile } from './ota-state';
import { Slots } from './slots';

const split = process.argv.indexOf('--');
const own = split < 0 ? process.argv.slice(2) : process.argv.slice(2, split);
const passOn = split < 0 ? [] : process.argv.slice(split + 1);
const { values } = parseArgs({
  args: own,
  options: { root: { type: 'string' }, factory: { type: 'string' } },
});
if (!values.root || !values.factory) {
  process.stderr.write(
    'usage: launcher --root <dataDir>/firmware --factory <factory gateway.mjs> -- <gateway arguments>\n',
  );
  process.exit(64);
}

const slots = new Slots(values.root);
const stateFile = new OtaStateFile(values.root);
const decision = decideBoot(stateFile.load().state, slots.active(), Date.now());
stateFile.save(decision.state);
if (decision.slot !== slots.active()) slots.switchTo(decision.slot);
if (decision.rolledBack) process.stderr.write(`launcher: ${decision.rolledBack}\n`);

const manifest = slots.manifest(decision.slot);
const entry = manifest && decision.slot ? join(slots.dir(decision.slot), manifest.entry) : values.factory;
const child = spawn(process.execPath, [entry, ...passOn], { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
