import { type Db, sql } from '@ilumen/db';
import { ArtifactError, fitsHardware, readArtifactManifest, verifyDigest } from '@ilumen/firmware-signing';
import { firmwareVersionSchema } from '@ilumen/mqtt-contract';
import { z } from 'zod';
import type { Actor } from '../../actor';
import { recordAudit } from '../../audit/record';
import type { ServiceDeps } from '../../deps';
import { AppError, conflict, fieldError, notFound } from '../../errors';
import { requirePermission, requireWritable } from '../../policy';
import { id, optionalText, parseInput } from '../../validation';
import { FsArtifactStore } from './fs-store';
import { S3ArtifactStore } from './s3-store';
import type { FirmwareSettings } from './settings';
import {
  type ArtifactStore,
  ArtifactTooLargeError,
  type ReceivedArtifact,
  type StoredArtifact,
} from './store';

const blank = (v: unknown) =>
  typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v;

export const FIRMWARE_CHANNELS = ['stable', 'beta', 'dev'] as const;

export const hardwareRevisionInput = () =>
  z.preprocess(
    blank,
    z.string().regex(/^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$/, 'firmware.hardwareRevision'),
  );

export const releaseCreateInput = z.object({
  version: z.preprocess(
    blank,
    z.string().refine((v) => firmwareVersionSchema.safeParse(v).success, 'firmware.version'),
  ),
  hardwareRevision: hardwareRevisionInput(),
  channel: z.preprocess(blank, z.enum(FIRMWARE_CHANNELS).default('stable')),
  notes: optionalText(4000),
  /** From `npm run firmware:sign` (base64, 64 bytes). */
  signature: z.preprocess(blank, z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'firmware.signatureFormat')),
  /** Without an uploaded file: where gateways download it, and its size and digest as the signing command printed. */
  url: z.preprocess(
    blank,
    z
      .string()
      .regex(/^https?:\/\/\S+$/, 'firmware.url')
      .max(1000)
      .optional(),
  ),
  sizeBytes: z.preprocess(blank, z.coerce.number().int().positive().optional()),
  sha256: z.preprocess(
    (v) => (typeof blank(v) === 'string' ? (blank(v) as string).toLowerCase() : blank(v)),
    z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'firmware.sha256')
      .optional(),
  ),
});

export const releaseIdInput = z.object({ releaseId: id() });
export const releaseListInput = z.object({
  includeRetired: z.preprocess((v) => v === true || v === 'true' || v === '1', z.boolean()).default(false),
});

/** An uploaded artifact, streamed (a form's file, a request body). */
export interface ArtifactUpload {
  chunks: AsyncIterable<Uint8Array>;
}

function present(row: {
  id: number;
  version: string;
  hardware_revision: string;
  channel: string;
  notes: string;
  size_bytes: number | string;
  sha256: string;
  signature: string;
  artifact_url: string;
  stored: boolean | number;
  created_at: Date;
  retired_at: Date | null;
  created_by_email?: string | null;
  rollouts?: number | string | null;
}) {
  return {
    id: row.id,
    version: row.version,
    hardwareRevision: row.hardware_revision,
    channel: row.channel as (typeof FIRMWARE_CHANNELS)[number],
    notes: row.notes,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    signature: row.signature,
    url: row.artifact_url,
    stored: Boolean(row.stored),
    createdAt: row.created_at.toISOString(),
    retiredAt: row.retired_at?.toISOString() ?? null,
    createdBy: row.created_by_email ?? null,
    rollouts: Number(row.rollouts ?? 0),
  };
}
export type ReleaseView = ReturnType<typeof present>;

/**
 * Signed releases (decisions 060–062). A release is accepted only when its signature verifies against the configured public
 * key; uploaded artifacts are also opened to check that their manifest names the same version and hardware.
 */
export class FirmwareReleaseService {
  private readonly store: ArtifactStore | null;

  constructor(
    private readonly deps: ServiceDeps,
    readonly settings: FirmwareSettings,
  ) {
    const store = settings.store;
    this.store = !store
      ? null
      : store.kind === 's3'
        ? new S3ArtifactStore(store)
        : new FsArtifactStore(store.dir);
  }

  downloadUrl(sha256: string): string {
    return `${(this.settings.downloadBaseUrl ?? this.deps.publicUrl).replace(/\/$/, '')}/firmware/${sha256}`;
  }

  /** What the portal serves: only the artifact of a stored release (no actor: gateways download it). */
  async artifact(sha256: string): Promise<StoredArtifact | null> {
    if (!this.store || !/^[0-9a-f]{64}$/.test(sha256)) return null;
    const row = await this.deps.db
      .selectFrom('firmware_releases')
      .select('id')
      .where('sha256', '=', sha256)
      .where('stored', '=', true)
      .executeTakeFirst();
    return row ? this.store.open(sha256) : null;
  }

  async create(actor: Actor, input: unknown, upload: ArtifactUpload | null = null): Promise<ReleaseView> {
    requireWritable(actor);
    requirePermission(actor, 'firmware.manage');
    const data = parseInput(releaseCreateInput, input);
    const publicKey = this.settings.publicKey;
    if (!publicKey) throw new AppError('conflict', 'firmware.noPublicKey');
    await this.assertNew(this.deps.db, data.version, data.hardwareRevision);

    let digest: { sha256: string; sizeBytes: number };
    let url: string;
    let storedFresh = false;
    if (upload) {
      if (!this.store) throw new AppError('conflict', 'firmware.noStore');
      let received: ReceivedArtifact;
      try {
        received = await this.store.receive(upload.chunks, this.settings.maxBytes);
      } catch (err) {
        if (err instanceof ArtifactTooLargeError)
          throw fieldError('file', 'firmware.tooLarge', {
            mb: Math.round(this.settings.maxBytes / 1024 / 1024),
          });
        throw err;
      }
      digest = received;
      url = this.downloadUrl(received.sha256);
      try {
        const manifest = await readArtifactManifest(received.path);
        if (manifest.version !== data.version)
          throw fieldError('version', 'firmware.manifestVersion', { version: manifest.version });
        const fits =
          data.hardwareRevision === '*'
            ? manifest.hardwareRevisions.includes('*')
            : fitsHardware(manifest, data.hardwareRevision);
        if (!fits)
          throw fieldError('hardwareRevision', 'firmware.manifestHardware', {
            revisions: manifest.hardwareRevisions.join(', '),
          });
        if (!verifyDigest(publicKey, received.sha256, data.signature))
          throw fieldError('signature', 'firmware.badSignature');
      } catch (err) {
        await this.store.discard(received);
        if (err instanceof ArtifactError)
          throw fieldError('file', 'firmware.notArtifact', { reason: err.message });
        throw err;
      }
      storedFresh = await this.store.keep(received);
    } else {
      if (!data.url) throw fieldError('file', 'firmware.fileOrUrl');
      if (!data.sizeBytes) throw fieldError('sizeBytes', 'validation.required');
      if (!data.sha256) throw fieldError('sha256', 'validation.required');
      if (!verifyDigest(publicKey, data.sha256, data.signature))
        throw fieldError('signature', 'firmware.badSignature');
      digest = { sha256: data.sha256, sizeBytes: data.sizeBytes };
      url = data.url;
    }

    try {
      const releaseId = await this.deps.db.transaction().execute(async (trx) => {
        await this.assertNew(trx, data.version, data.hardwareRevision);
        const res = await trx
          .insertInto('firmware_releases')
          .values({
            version: data.version,
            hardware_revision: data.hardwareRevision,
            channel: data.channel,
            notes: data.notes ?? '',
            size_bytes: digest.sizeBytes,
            sha256: digest.sha256,
            signature: data.signature,
            artifact_url: url,
            stored: Boolean(upload),
            created_by_user_id: actor.type === 'user' ? actor.userId : null,
            created_at: this.deps.clock.now(),
          })
          .executeTakeFirstOrThrow();
        const newId = Number(res.insertId);
        await recordAudit(trx, actor, {
          action: 'firmware.release.create',
          entityType: 'firmware_release',
          entityId: newId,
          after: {
            version: data.version,
            hardwareRevision: data.hardwareRevision,
            channel: data.channel,
            sha256: digest.sha256,
            sizeBytes: digest.sizeBytes,
            url,
          },
        });
        return newId;
      });
      return this.view(releaseId);
    } catch (err) {
      if (storedFresh && this.store) await this.store.remove(digest.sha256);
      throw err;
    }
  }

  private async assertNew(db: Db, version: string, hardwareRevision: string): Promise<void> {
    const existing = await db
      .selectFrom('firmware_releases')
      .select('id')
      .where('version', '=', version)
      .where('hardware_revision', '=', hardwareRevision)
      .executeTakeFirst();
    if (existing) throw conflict('firmware.duplicate', 'version');
  }

  private async view(releaseId: number): Promise<ReleaseView> {
    const row = await this.baseQuery().where('r.id', '=', releaseId).executeTakeFirst();
    if (!row) throw notFound();
    return present(row);
  }

  private baseQuery() {
    return this.deps.db
      .selectFrom('firmware_releases as r')
      .leftJoin('users as u', 'u.id', 'r.created_by_user_id')
      .selectAll('r')
      .select('u.email as created_by_email')
      .select((eb) =>
        eb
          .selectFrom('rollouts')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('rollouts.release_id', '=', 'r.id')
          .as('rollouts'),
      );
  }

  async list(actor: Actor, input: unknown = {}): Promise<ReleaseView[]> {
    requirePermission(actor, 'firmware.read');
    const q = parseInput(releaseListInput, input);
    let query = this.baseQuery().orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(500);
    if (!q.includeRetired) query = query.where('r.retired_at', 'is', null);
    return (await query.execute()).map(present);
  }

  async get(actor: Actor, input: unknown): Promise<ReleaseView> {
    requirePermission(actor, 'firmware.read');
    const { releaseId } = parseInput(releaseIdInput, input);
    return this.view(releaseId);
  }

  /** A retired release stays downloadable for rollouts under way, but no new rollout may use it. */
  async retire(actor: Actor, input: unknown): Promise<ReleaseView> {
    requireWritable(actor);
    requirePermission(actor, 'firmware.manage');
    const { releaseId } = parseInput(releaseIdInput, input);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('firmware_releases')
        .select(['id', 'version', 'retired_at'])
        .where('id', '=', releaseId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound();
      if (row.retired_at) return;
      await trx
        .updateTable('firmware_releases')
        .set({ retired_at: now })
        .where('id', '=', releaseId)
        .execute();
      await recordAudit(trx, actor, {
        action: 'firmware.release.retire',
        entityType: 'firmware_release',
        entityId: releaseId,
        before: { retiredAt: null },
        after: { retiredAt: now.toISOString() },
      });
    });
    return this.view(releaseId);
  }
}
