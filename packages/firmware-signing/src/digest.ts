import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface ArtifactDigest {
  sha256: string;
  sizeBytes: number;
}

/** sha256 (lower-case hex) and size of a byte stream, read once. */
export async function digestOf(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<ArtifactDigest> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of chunks) {
    hash.update(chunk);
    sizeBytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}

export function digestOfFile(path: string): Promise<ArtifactDigest> {
  return digestOf(createReadStream(path, { highWaterMark: 256 * 1024 }));
}
