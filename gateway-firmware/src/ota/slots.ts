import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { type FirmwareManifest, firmwareManifestSchema, MANIFEST_NAME } from '@ilumen/firmware-signing';
import { fsyncDir } from '../runtime/atomic-file';

export type SlotName = 'a' | 'b';

/**
 * The A/B layout under the OTA root: two release folders and an `active` symlink the launcher follows
 * (`active -> slots/b`). Without the link the factory install runs. Switching replaces the link with `rename`, so after
 * a power cut it points at one slot or the other, never at nothing.
 *
 *   <root>/slots/a/   manifest.json, gateway.mjs, …
 *   <root>/slots/b/
 *   <root>/active     -> slots/a
 */
export class Slots {
  constructor(readonly root: string) {}

  get activeLink(): string {
    return join(this.root, 'active');
  }

  dir(slot: SlotName): string {
    return join(this.root, 'slots', slot);
  }

  /** The slot the link points at, or null for the factory install (no link, or a link we do not recognise). */
  active(): SlotName | null {
    try {
      if (!lstatSync(this.activeLink).isSymbolicLink()) return null;
      const target = readlinkSync(this.activeLink);
      return target === join('slots', 'a') ? 'a' : target === join('slots', 'b') ? 'b' : null;
    } catch {
      return null;
    }
  }

  /** Where the next release goes: the slot not running now. */
  inactive(): SlotName {
    return this.active() === 'a' ? 'b' : 'a';
  }

  /** An empty folder for a release in `slot` (whatever was there before is removed). */
  prepare(slot: SlotName): string {
    const dir = this.dir(slot);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Points `active` at a slot, or removes it (back to the factory install); atomic on the same filesystem. */
  switchTo(slot: SlotName | null): void {
    mkdirSync(this.root, { recursive: true });
    if (slot === null) {
      rmSync(this.activeLink, { force: true });
    } else {
      const tmp = join(this.root, 'active.tmp');
      rmSync(tmp, { force: true });
      symlinkSync(join('slots', slot), tmp);
      renameSync(tmp, this.activeLink);
    }
    fsyncDir(this.root);
  }

  /** The manifest of the release in a slot, or null when the slot holds none (or a broken one). */
  manifest(slot: SlotName | null): FirmwareManifest | null {
    if (slot === null) return null;
    const file = join(this.dir(slot), MANIFEST_NAME);
    if (!existsSync(file)) return null;
    try {
      const parsed = firmwareManifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
