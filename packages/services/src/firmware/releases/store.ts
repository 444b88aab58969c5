import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export class ArtifactTooLargeError extends Error {
  override readonly name = 'ArtifactTooLargeError';
}

/** An upload received into a local temporary file and hashed on the way; not stored yet. */
export interface ReceivedArtifact {
  sha256: string;
  sizeBytes: number;
  /** The temporary file, for reading the manifest before the artifact is kept. */
  path: string;
}

/** A stored artifact: its size, and its bytes (all, or `start..end` inclusive for a range request). */
export interface StoredArtifact {
  sizeBytes: number;
  read(range?: { start: number; end: number }): Promise<Readable>;
}

/**
 * Where release artifacts are kept, content-addressed: one object per sha256, never changed once written (decision
 * 200). An upload is first received into a local file while it is hashed, so its manifest and signature are checked
 * before anything is kept, and what stands under a digest's name is always complete and is that digest.
 * `FsArtifactStore` (a folder, `FIRMWARE_DIR`) and `S3ArtifactStore` (a bucket, `FIRMWARE_S3_*`) implement it.
 */
export interface ArtifactStore {
  /** Where it keeps artifacts, for the operator ("/var/lib/ilumen/firmware", "s3://bucket/prefix/"). */
  readonly location: string;
  receive(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<ReceivedArtifact>;
  /** Keeps a received artifact under its digest and lets go of the temporary file; false when it was kept before. */
  keep(received: ReceivedArtifact): Promise<boolean>;
  /** Lets go of a received artifact that is not kept. */
  discard(received: ReceivedArtifact): Promise<void>;
  /** The stored artifact, or null when the digest is malformed or not stored. */
  open(sha256: string): Promise<StoredArtifact | null>;
  remove(sha256: string): Promise<void>;
}

/** Writes an upload to `<dir>/.incoming-<random>` while hashing it, synced; refuses more than `maxBytes`. */
export async function receiveInto(
  dir: string,
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<ReceivedArtifact> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `.incoming-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const fd = openSync(path, 'wx', 0o644);
  try {
    for await (const chunk of chunks) {
      sizeBytes += chunk.byteLength;
      if (sizeBytes > maxBytes) throw new ArtifactTooLargeError(`artifact is larger than ${maxBytes} bytes`);
      hash.update(chunk);
      writeSync(fd, chunk);
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw err;
  }
  closeSync(fd);
  return { sha256: hash.digest('hex'), sizeBytes, path };
}
