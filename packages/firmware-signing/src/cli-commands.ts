import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { filesOfFolder, packArtifact, readArtifactManifest } from './artifact';
import { digestOfFile } from './digest';
import { generateSigningKeys, privateKeyFromPem, rawPublicKey } from './keys';
import { signDigest, verifyDigest } from './signature';

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  /** Only `FIRMWARE_SIGNING_KEY_FILE` is read: where the private key is when `--key` is not given. */
  env: Record<string, string | undefined>;
  /** Where relative paths start: the folder the person ran `npm run` in. */
  cwd: string;
  now?: () => Date;
}

const USAGE = `firmware signing
  keygen --out FILE                 new ed25519 key pair: private key to FILE (0600), public key printed
  pack --version V --hardware A1,B2 --out FILE [--entry gateway.mjs] [--notes TEXT] [--downgrade-from V1,V2] DIR
                                    a release artifact from the files under DIR; --downgrade-from lets it replace
                                    those newer versions (a gateway refuses any other lower version, decision 063)
  sign [--key FILE] ARTIFACT        size, sha256 and signature, printed as JSON and written to ARTIFACT.sig.json
  verify --public-key B64 [--signature B64] ARTIFACT
                                    checks a signature (default: ARTIFACT.sig.json) against a public key
`;

function at(io: CliIo, path: string): string {
  return resolvePath(io.cwd, path);
}

function json(io: CliIo, value: unknown) {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** Runs one command; returns the exit code. Problems a person caused are one line on stderr and code 2. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'keygen':
        return keygen(rest, io);
      case 'pack':
        return await pack(rest, io);
      case 'sign':
        return await signCommand(rest, io);
      case 'verify':
        return await verifyCommand(rest, io);
      default:
        io.err(USAGE);
        return command === undefined || command === 'help' ? 0 : 2;
    }
  } catch (err) {
    io.err(`${(err as Error).message}\n`);
    return 2;
  }
}

function keygen(argv: string[], io: CliIo): number {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, force: { type: 'boolean' } },
  });
  if (!values.out) throw new Error('keygen: --out FILE is required (where the private key goes)');
  const out = at(io, values.out);
  if (existsSync(out) && !values.force)
    throw new Error(`keygen: ${out} exists; refusing to overwrite a signing key (--force)`);
  const keys = generateSigningKeys();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, keys.privateKeyPem, { mode: 0o600 });
  chmodSync(out, 0o600);
  json(io, {
    privateKeyFile: out,
    publicKey: keys.publicKey,
    use: 'gateway config ota.publicKey and the portal FIRMWARE_PUBLIC_KEY',
  });
  return 0;
}

async function pack(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      version: { type: 'string' },
      hardware: { type: 'string' },
      out: { type: 'string' },
      entry: { type: 'string' },
      notes: { type: 'string' },
      'downgrade-from': { type: 'string' },
    },
  });
  const dir = positionals[0];
  if (!dir || !values.version || !values.hardware || !values.out)
    throw new Error('pack: --version, --hardware, --out and a folder are required');
  const { bytes, manifest } = packArtifact(
    {
      format: 1,
      version: values.version,
      hardwareRevisions: values.hardware
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      entry: values.entry,
      createdAt: (io.now?.() ?? new Date()).toISOString(),
      notes: values.notes,
      downgradeFrom: values['downgrade-from']
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
    filesOfFolder(at(io, dir)),
  );
  writeFileSync(at(io, values.out), bytes);
  json(io, { artifact: at(io, values.out), sizeBytes: bytes.length, manifest });
  return 0;
}

async function signCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { key: { type: 'string' } },
  });
  const artifact = positionals[0];
  if (!artifact) throw new Error('sign: the artifact file is required');
  const keyFile = values.key ?? io.env.FIRMWARE_SIGNING_KEY_FILE;
  if (!keyFile) throw new Error('sign: --key FILE (or FIRMWARE_SIGNING_KEY_FILE) is required');
  const key = privateKeyFromPem(readFileSync(at(io, keyFile), 'utf8'));
  const manifest = await readArtifactManifest(at(io, artifact));
  const digest = await digestOfFile(at(io, artifact));
  const signature = signDigest(key, digest.sha256);
  const result = {
    version: manifest.version,
    hardwareRevisions: manifest.hardwareRevisions,
    ...(manifest.downgradeFrom ? { downgradeFrom: manifest.downgradeFrom } : {}),
    ...digest,
    signature,
    publicKey: rawPublicKey(key),
  };
  writeFileSync(`${at(io, artifact)}.sig.json`, `${JSON.stringify(result, null, 2)}\n`);
  json(io, result);
  return 0;
}

async function verifyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'public-key': { type: 'string' }, signature: { type: 'string' } },
  });
  const artifact = positionals[0];
  const publicKey = values['public-key'];
  if (!artifact || !publicKey) throw new Error('verify: --public-key and the artifact file are required');
  const signature =
    values.signature ??
    (JSON.parse(readFileSync(`${at(io, artifact)}.sig.json`, 'utf8')) as { signature: string }).signature;
  const manifest = await readArtifactManifest(at(io, artifact));
  const digest = await digestOfFile(at(io, artifact));
  const ok = verifyDigest(publicKey, digest.sha256, signature);
  json(io, { ok, version: manifest.version, ...digest });
  return ok ? 0 : 1;
}
