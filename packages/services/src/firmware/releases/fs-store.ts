import { createReadStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDirSafe } from './fs';
import {
  type ArtifactStore,
  type ReceivedArtifact,
  receiveInto,
  SHA256_HEX,
  type StoredArtifact,
} from './store';

/**
 * Artifacts in a folder, `<dir>/<sha256>` (`FIRMWARE_DIR`; several portals share one volume). An upload is received
 * into the same folder and renamed to its digest, so the rename is atomic.
 */
export class FsArtifactStore implements ArtifactStore {
  constructor(readonly dir: string) {}

  get location(): string {
    return this.dir;
  }

  receive(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<ReceivedArtifact> {
    return receiveInto(this.dir, chunks, maxBytes);
  }

  async keep(received: ReceivedArtifact): Promise<boolean> {
    const path = join(this.dir, received.sha256);
    if (existsSync(path)) {
      rmSync(received.path, { force: true });
      return false;
    }
    renameSync(received.path, path);
    fsyncDirSafe(this.dir);
    return true;
  }

  async discard(received: ReceivedArtifact): Promise<void> {
    rmSync(received.path, { force: true });
  }

  async open(sha256: string): Promise<StoredArtifact | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    const path = join(this.dir, sha256);
    if (!existsSync(path)) return null;
    return {
      sizeBytes: statSync(path).size,
      read: async (range) => createReadStream(path, range ?? {}),
    };
  }

  async remove(sha256: string): Promise<void> {
    if (SHA256_HEX.test(sha256)) rmSync(join(this.dir, sha256), { force: true });
  }
}
