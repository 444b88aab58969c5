import {
  closeSync,
  createReadStream,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import {
  type FirmwareManifest,
  type FirmwareManifestInput,
  firmwareManifestSchema,
  MANIFEST_NAME,
  releasePathSchema,
} from './manifest';
import { readTar, TAR_END, type TarReadLimits, tarHeader, tarPadding } from './tar';

/**
 * A release artifact: a gzipped ustar archive whose first entry is `manifest.json`, followed by the release folder's
 * files. `tar -tzf` lists it; the gateway unpacks it into its inactive slot.
 */
export interface ArtifactFile {
  /** Path inside the release folder. */
  path: string;
  data: Uint8Array;
  executable?: boolean;
}

/** Builds an artifact in memory, deterministically (sorted paths, fixed owner and times from the manifest). */
export function packArtifact(
  manifestInput: FirmwareManifestInput,
  files: readonly ArtifactFile[],
): { bytes: Buffer; manifest: FirmwareManifest } {
  const manifest = firmwareManifestSchema.parse(manifestInput);
  const mtime = Math.floor(Date.parse(manifest.createdAt) / 1000);
  const parts: Buffer[] = [];
  const add = (path: string, data: Uint8Array, mode: number) => {
    parts.push(
      tarHeader({ name: path, type: 'file', size: data.byteLength, mode }, mtime),
      Buffer.from(data),
      tarPadding(data.byteLength),
    );
  };
  add(MANIFEST_NAME, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 0o644);
  const seen = new Set<string>([MANIFEST_NAME]);
  const dirs = new Set<string>();
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const path = releasePathSchema.parse(f.path);
    if (seen.has(path)) throw new Error(`duplicate path in artifact: ${path}`);
    seen.add(path);
    const parts_ = path.split('/');
    for (let i = 1; i < parts_.length; i++) {
      const dir = parts_.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        parts.push(tarHeader({ name: dir, type: 'dir', size: 0, mode: 0o755 }, mtime));
      }
    }
    add(path, f.data, f.executable ? 0o755 : 0o644);
  }
  if (!files.some((f) => f.path === manifest.entry))
    throw new Error(`the entry ${manifest.entry} is not among the files`);
  parts.push(TAR_END);
  return { bytes: gzipSync(Buffer.concat(parts), { level: 9 }), manifest };
}

/** Every file under a folder, as artifact files (for `firmware:pack DIR`). */
export function filesOfFolder(folder: string): ArtifactFile[] {
  const out: ArtifactFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) {
        const path = relative(folder, full).split(sep).join('/');
        if (path !== MANIFEST_NAME)
          out.push({ path, data: readFileSync(full), executable: (st.mode & 0o111) !== 0 });
      }
    }
  };
  walk(folder);
  return out;
}

function gunzipped(source: string | Uint8Array): AsyncIterable<Buffer> {
  const input =
    typeof source === 'string'
      ? createReadStream(source, { highWaterMark: 256 * 1024 })
      : Readable.from([Buffer.from(source)]);
  const gunzip = createGunzip();
  input.on('error', (err: Error) => gunzip.destroy(err));
  return input.pipe(gunzip);
}

export class ArtifactError extends Error {
  override readonly name = 'ArtifactError';
}

function parseManifest(bytes: Buffer): FirmwareManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ArtifactError('manifest.json is not JSON');
  }
  const parsed = firmwareManifestSchema.safeParse(json);
  if (!parsed.success)
    throw new ArtifactError(
      `manifest.json is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

const MANIFEST_MAX_BYTES = 64 * 1024;

/** Reads just the manifest (the first entry) of an artifact file or buffer. Throws ArtifactError when there is none. */
export async function readArtifactManifest(source: string | Uint8Array): Promise<FirmwareManifest> {
  let manifest: Buffer | null = null;
  try {
    await readTar(gunzipped(source), (h) => {
      if (manifest) return 'stop';
      if (h.name !== MANIFEST_NAME || h.type !== 'file')
        throw new ArtifactError(`the first entry must be ${MANIFEST_NAME}, not ${h.name}`);
      if (h.size > MANIFEST_MAX_BYTES) throw new ArtifactError('manifest.json is too large');
      const chunks: Buffer[] = [];
      return {
        write: (c) => {
          chunks.push(Buffer.from(c));
        },
        end: () => {
          manifest = Buffer.concat(chunks);
        },
      };
    });
  } catch (err) {
    throw err instanceof ArtifactError
      ? err
      : new ArtifactError(`not a firmware artifact: ${(err as Error).message}`);
  }
  if (!manifest) throw new ArtifactError(`the artifact has no ${MANIFEST_NAME}`);
  return parseManifest(manifest);
}

/**
 * Unpacks an artifact into an empty folder: manifest first (checked), then plain files and folders only, each path
 * checked to stay inside. Files are fsync'd, so a power cut after this returns leaves a complete release.
 */
export async function extractArtifact(
  file: string,
  dest: string,
  limits: TarReadLimits = {},
): Promise<FirmwareManifest> {
  let manifest: FirmwareManifest | null = null;
  const manifestChunks: Buffer[] = [];
  let first = true;
  const open = new Set<number>();
  try {
    const result = await readTar(
      gunzipped(file),
      (h) => {
        if (first) {
          first = false;
          if (h.name !== MANIFEST_NAME || h.type !== 'file')
            throw new ArtifactError(`the first entry must be ${MANIFEST_NAME}, not ${h.name}`);
          if (h.size > MANIFEST_MAX_BYTES) throw new ArtifactError('manifest.json is too large');
          return {
            write: (c) => {
              manifestChunks.push(Buffer.from(c));
            },
            end: () => {
              manifest = parseManifest(Buffer.concat(manifestChunks));
              mkdirSync(dest, { recursive: true });
              writeWhole(join(dest, MANIFEST_NAME), Buffer.concat(manifestChunks), 0o644);
            },
          };
        }
        const checked = releasePathSchema.safeParse(h.name);
        if (!checked.success || h.name === MANIFEST_NAME)
          throw new ArtifactError(`refused path in artifact: ${JSON.stringify(h.name)}`);
        const target = join(dest, ...checked.data.split('/'));
        if (h.type === 'dir') {
          mkdirSync(target, { recursive: true });
          return null;
        }
        mkdirSync(dirname(target), { recursive: true });
        const fd = openSync(target, 'wx', h.mode & 0o111 ? 0o755 : 0o644);
        open.add(fd);
        return {
          write: (c) => {
            writeSync(fd, c);
          },
          end: () => {
            fsyncSync(fd);
            open.delete(fd);
            closeSync(fd);
          },
        };
      },
      limits,
    );
    if (!result.ended) throw new ArtifactError('artifact ended early');
  } catch (err) {
    throw err instanceof ArtifactError
      ? err
      : new ArtifactError(`could not unpack the artifact: ${(err as Error).message}`);
  } finally {
    for (const fd of open) closeSync(fd);
  }
  if (!manifest) throw new ArtifactError(`the artifact has no ${MANIFEST_NAME}`);
  return manifest;
}

function writeWhole(path: string, data: Buffer, mode: number): void {
  const fd = openSync(path, 'wx', mode);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
