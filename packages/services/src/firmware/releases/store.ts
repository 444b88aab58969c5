import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { fsyncDirSafe } from './fs';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class ArtifactTooLargeError extends Error {
  override readonly name = 'ArtifactTooLargeError';
}

/**
 * Release artifacts on disk, content-addressed: `<dir>/<sha256>`. An upload is written to a temporary name while it is
 * hashed, synced, then renamed, so a file under a digest name is always complete and is that digest.
 */
export class ArtifactStore {
  constructor(readonly dir: string) {}

  async save(
    chunks: AsyncIterable<Uint8Array>,
    maxBytes: number,
  ): Promise<{ sha256: string; sizeBytes: number; path: string; fresh: boolean }> {
    mkdirSync(this.dir, { recursive: true });
    const tmp = join(this.dir, `.incoming-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      for await (const chunk of chunks) {
        sizeBytes += chunk.byteLength;
        if (sizeBytes > maxBytes)
          throw new ArtifactTooLargeError(`artifact is larger than ${maxBytes} bytes`);
        hash.update(chunk);
        writeSync(fd, chunk);
      }
      fsyncSync(fd);
    } catch (err) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw err;
    }
    closeSync(fd);
    const sha256 = hash.digest('hex');
    const path = join(this.dir, sha256);
    const fresh = !existsSync(path);
    if (fresh) {
      renameSync(tmp, path);
      fsyncDirSafe(this.dir);
    } else rmSync(tmp, { force: true });
    return { sha256, sizeBytes, path, fresh };
  }

  /** The artifact's path, or null when the digest is malformed or not stored. */
  pathOf(sha256: string): string | null {
    if (!SHA256_HEX.test(sha256)) return null;
    const path = join(this.dir, sha256);
    return existsSync(path) ? path : null;
  }

  remove(sha256: string): void {
    if (SHA256_HEX.test(sha256)) rmSync(join(this.dir, sha256), { force: true });
  }
}
