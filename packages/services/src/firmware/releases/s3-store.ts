import { createReadStream, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ArtifactStoreSettings } from './settings';
import {
  type ArtifactStore,
  type ReceivedArtifact,
  receiveInto,
  SHA256_HEX,
  type StoredArtifact,
} from './store';

type S3Settings = Extract<ArtifactStoreSettings, { kind: 's3' }>;
type S3Sdk = typeof import('@aws-sdk/client-s3');

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Artifacts in a bucket of an S3-compatible object store, `<prefix><sha256>` (`FIRMWARE_STORE=s3`). An upload is
 * received into `stagingDir`, checked, then put whole; the SDK is loaded on first use, so a portal without a bucket
 * never loads it.
 */
export class S3ArtifactStore implements ArtifactStore {
  private client: Promise<{ sdk: S3Sdk; s3: S3Client }> | null = null;

  constructor(private readonly settings: S3Settings) {}

  get location(): string {
    return `s3://${this.settings.bucket}/${this.settings.prefix}`;
  }

  private s3(): Promise<{ sdk: S3Sdk; s3: S3Client }> {
    this.client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        region: this.settings.region,
        forcePathStyle: this.settings.forcePathStyle,
        ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
        ...(this.settings.credentials ? { credentials: this.settings.credentials } : {}),
        // S3-compatible services do not all accept the newer checksum headers; the digest is the object's name
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    }));
    return this.client;
  }

  private key(sha256: string): string {
    return `${this.settings.prefix}${sha256}`;
  }

  private async size(sha256: string): Promise<number | null> {
    const { sdk, s3 } = await this.s3();
    try {
      const head = await s3.send(
        new sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }),
      );
      return head.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  receive(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<ReceivedArtifact> {
    return receiveInto(this.settings.stagingDir, chunks, maxBytes);
  }

  async keep(received: ReceivedArtifact): Promise<boolean> {
    try {
      if ((await this.size(received.sha256)) !== null) return false;
      const { sdk, s3 } = await this.s3();
      await s3.send(
        new sdk.PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.key(received.sha256),
          Body: createReadStream(received.path),
          ContentLength: received.sizeBytes,
          ContentType: 'application/octet-stream',
        }),
      );
      return true;
    } finally {
      rmSync(received.path, { force: true });
    }
  }

  async discard(received: ReceivedArtifact): Promise<void> {
    rmSync(received.path, { force: true });
  }

  async open(sha256: string): Promise<StoredArtifact | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    const sizeBytes = await this.size(sha256);
    if (sizeBytes === null) return null;
    return {
      sizeBytes,
      read: async (range) => {
        const { sdk, s3 } = await this.s3();
        const res = await s3.send(
          new sdk.GetObjectCommand({
            Bucket: this.settings.bucket,
            Key: this.key(sha256),
            ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
          }),
        );
        return res.Body as Readable;
      },
    };
  }

  async remove(sha256: string): Promise<void> {
    if (!SHA256_HEX.test(sha256)) return;
    const { sdk, s3 } = await this.s3();
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
  }
}
