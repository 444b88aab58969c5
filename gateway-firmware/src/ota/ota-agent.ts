import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ArtifactError,
  digestOfFile,
  downgradeRefusal,
  extractArtifact,
  type FirmwareManifest,
  fitsHardware,
  healthFaultFor,
  verifyDigest,
} from '@ilumen/firmware-signing';
import {
  CONTRACT_VERSION,
  type DecodeResult,
  firmwareVersionSchema,
  type OtaPayload,
  type PayloadInput,
} from '@ilumen/mqtt-contract';
import type { Clock, ClockTimer } from '../runtime/clock';
import type { Logger } from '../runtime/logger';
import { downloadWithResume } from './download';
import {
  baselineOf,
  describeVerdict,
  type HealthCheckName,
  type HealthSnapshot,
  judgeHealth,
} from './health-check';
import { type OtaState, OtaStateFile } from './ota-state';
import { Slots } from './slots';

export interface OtaAgentOptions {
  /** `<dataDir>/firmware`: slots, the active link, the state file, downloads. */
  root: string;
  serial: string;
  hardwareRevision: string;
  /** The only key releases are trusted with (config `ota.publicKey`); null: every update is refused. */
  publicKey: string | null;
  /** The version of the code outside the slots (the factory install). */
  factoryVersion: string;
  clock: Clock;
  logger: Logger;
  /** Every step goes out on `ota/status` (through the outbox: it survives the restart). */
  report: (status: PayloadInput<'otaStatus'>) => void;
  /** The gateway's health right now. */
  probe: () => HealthSnapshot;
  /** Restart into the active slot (the host stops this runtime and starts the code the link points at). */
  restart: () => void;
  /** Clock ms a new version has to pass its health check (default 5 minutes). */
  healthTimeoutMs?: number;
  /** Clock ms between health checks (default 5 s). */
  healthCheckEveryMs?: number;
  /** Clock ms an instruction stays valid (a queued one from long ago is refused; default 1 hour). */
  maxInstructionAgeMs?: number;
  /** Starts of a new version without passing its check before it is rolled back (default 3). */
  maxTrialBoots?: number;
  maxArtifactBytes?: number;
  download?: { attempts?: number; idleTimeoutMs?: number; backoffMs?: number; fetch?: typeof fetch };
}

type Step = PayloadInput<'otaStatus'>['step'];

/** Instruction ids remembered at most (an hour's worth of updates is a handful). */
const MAX_SEEN = 200;

export class OtaRefusal extends Error {
  override readonly name = 'OtaRefusal';
}

/**
 * The gateway's updater. An `ota` instruction is checked (signature over the digest against the configured key,
 * freshness, size), downloaded with resume, checked again (size, sha256), unpacked into the slot not running, and the
 * `active` link switched; then the gateway restarts into it. The new version proves itself with a health check within
 * a deadline, or the link goes back and the gateway restarts into the old version. Every step is reported; a refusal
 * or a failure before the switch leaves the running version untouched.
 */
export class OtaAgent {
  private readonly slots: Slots;
  private readonly stateFile: OtaStateFile;
  private state: OtaState;
  private busy: { rolloutId: string; version: string } | null = null;
  private abort = new AbortController();
  private checkTimer: ClockTimer | undefined;
  private bootAt = 0;
  /** Replayed instructions refused since start. */
  replaysRefused = 0;

  constructor(private readonly o: OtaAgentOptions) {
    this.slots = new Slots(o.root);
    this.stateFile = new OtaStateFile(o.root);
    const loaded = this.stateFile.load();
    if (loaded.problem) o.logger.warn({ problem: loaded.problem }, 'ota state unreadable; starting clean');
    this.state = loaded.state;
  }

  private get maxAgeMs(): number {
    return this.o.maxInstructionAgeMs ?? 3600_000;
  }

  /** The version running now: the active slot's, or the factory install's. */
  runningVersion(): string {
    return this.slots.manifest(this.slots.active())?.version ?? this.o.factoryVersion;
  }

  /** After start: send what the launcher left to report, and if this is a new version's first starts, check it. */
  start(): void {
    this.bootAt = this.o.clock.now();
    const { pending, trial } = this.state;
    if (pending) {
      this.send(pending.rolloutId, pending.version, pending.step, pending.reason);
      this.save({
        ...this.state,
        pending: null,
        last: {
          rolloutId: pending.rolloutId,
          version: pending.version,
          result: pending.step,
          reason: pending.reason,
          at: this.bootAt,
        },
      });
    }
    if (!trial) return;
    if (this.slots.active() !== trial.toSlot) {
      // stopped between writing the trial and switching: the old version never left
      this.o.logger.warn(
        { version: trial.version },
        'update interrupted before the switch; staying on the running version',
      );
      this.finish(trial.rolloutId, trial.version, 'failed', 'update interrupted before switching versions');
      return;
    }
    const boots = trial.boots + 1;
    this.save({ ...this.state, trial: { ...trial, boots } });
    if (boots > (this.o.maxTrialBoots ?? 3)) {
      this.rollBack(`restarted ${boots - 1} times without passing its health check`);
      return;
    }
    this.o.logger.info({ version: trial.version, boot: boots }, 'new version started; checking its health');
    this.scheduleCheck();
  }

  stop(): void {
    this.abort.abort();
    this.checkTimer?.cancel();
  }

  /** An `ota` message from the platform. */
  async handle(decoded: DecodeResult, raw: Buffer): Promise<void> {
    if (!decoded.ok || decoded.kind !== 'ota') {
      // a refusal with a readable rollout and version is answered, so the rollout does not wait for a timeout
      const envelope = readEnvelope(raw);
      const reason = decoded.ok ? 'not an ota instruction' : decoded.reason;
      this.o.logger.warn({ reason }, 'ota instruction refused');
      if (envelope)
        this.send(
          envelope.rolloutId,
          envelope.version,
          'failed',
          `instruction refused: ${reason}`.slice(0, 1000),
        );
      return;
    }
    await this.install(decoded.payload);
  }

  private async install(ota: OtaPayload): Promise<void> {
    const { o } = this;
    const log = o.logger.child({ rollout: ota.rolloutId, version: ota.version, instruction: ota.id });
    // A replay (a copy from the broker's queue, or somebody sending an old one again) is not acted on, and not
    // answered: the answer to the original stands, and a `failed` now would undo it on the platform's side.
    const now = o.clock.now();
    const seen = this.state.seen.filter((s) => s.forgetAt > now);
    if (seen.some((s) => s.id === ota.id)) {
      log.warn('ota instruction replayed: refused');
      this.replaysRefused += 1;
      return;
    }
    const expiresAt = Math.min(Date.parse(ota.expiresAt), Date.parse(ota.issuedAt) + this.maxAgeMs);
    if (expiresAt > now)
      this.save({ ...this.state, seen: [...seen, { id: ota.id, forgetAt: expiresAt }].slice(-MAX_SEEN) });
    if (this.busy) {
      if (this.busy.rolloutId === ota.rolloutId && this.busy.version === ota.version) return;
      this.send(ota.rolloutId, ota.version, 'failed', `busy installing ${this.busy.version}`);
      return;
    }
    if (this.state.trial) {
      const t = this.state.trial;
      if (t.rolloutId !== ota.rolloutId || t.version !== ota.version)
        this.send(ota.rolloutId, ota.version, 'failed', `busy checking ${t.version}`);
      return;
    }
    if (this.runningVersion() === ota.version) {
      log.info('already running this version');
      this.send(ota.rolloutId, ota.version, 'healthy');
      return;
    }
    this.busy = { rolloutId: ota.rolloutId, version: ota.version };
    this.abort = new AbortController();
    try {
      const installed = await this.fetchAndUnpack(ota, log);
      const snapshot = o.probe();
      const fromSlot = this.slots.active();
      const trial = {
        rolloutId: ota.rolloutId,
        version: ota.version,
        fromVersion: this.runningVersion(),
        fromSlot,
        toSlot: installed.slot,
        switchedAt: o.clock.now(),
        boots: 0,
        launches: 0,
        baseline: baselineOf(snapshot),
      };
      // the trial is on disk before the link moves, and `rebooting` is in the outbox before the restart
      this.save({ ...this.state, trial });
      this.send(ota.rolloutId, ota.version, 'rebooting');
      this.slots.switchTo(installed.slot);
      log.info(
        { slot: installed.slot, from: trial.fromVersion, baseline: trial.baseline },
        'switched to the new version; restarting',
      );
      o.restart();
    } catch (err) {
      const reason =
        err instanceof OtaRefusal || err instanceof ArtifactError
          ? err.message
          : `update failed: ${(err as Error).message}`;
      log.warn({ reason }, 'update not installed; the running version stays');
      this.finish(ota.rolloutId, ota.version, 'failed', reason);
    } finally {
      this.busy = null;
    }
  }

  /** Everything before the switch; any refusal here leaves the gateway exactly as it was. */
  private async fetchAndUnpack(
    ota: OtaPayload,
    log: Logger,
  ): Promise<{ slot: 'a' | 'b'; manifest: FirmwareManifest }> {
    const { o } = this;
    if (!o.publicKey) throw new OtaRefusal('no OTA public key in the config: updates are refused');
    const age = o.clock.now() - Date.parse(ota.issuedAt);
    if (age > this.maxAgeMs)
      throw new OtaRefusal(`instruction expired (issued ${Math.round(age / 60_000)} min ago)`);
    if (o.clock.now() > Date.parse(ota.expiresAt))
      throw new OtaRefusal(`instruction expired (valid until ${ota.expiresAt})`);
    if (!verifyDigest(o.publicKey, ota.sha256, ota.signature))
      throw new OtaRefusal("signature does not verify against this gateway's key");
    if (ota.sizeBytes > (o.maxArtifactBytes ?? 512 * 1024 * 1024))
      throw new OtaRefusal(`artifact of ${ota.sizeBytes} bytes is too large`);

    const downloads = join(o.root, 'download');
    mkdirSync(downloads, { recursive: true });
    const file = join(downloads, `${ota.sha256}.ilfw`);
    let lastPct = -1;
    const progress = (bytes: number) => {
      const pct = Math.floor((bytes / ota.sizeBytes) * 4) * 25;
      if (pct > lastPct) {
        lastPct = pct;
        this.send(ota.rolloutId, ota.version, 'downloading', undefined, pct);
      }
    };
    progress(0);
    await downloadWithResume({
      url: ota.url,
      file,
      sizeBytes: ota.sizeBytes,
      onProgress: progress,
      signal: this.abort.signal,
      ...o.download,
    });

    this.send(ota.rolloutId, ota.version, 'verifying');
    const digest = await digestOfFile(file);
    if (digest.sizeBytes !== ota.sizeBytes || digest.sha256 !== ota.sha256) {
      rmSync(file, { force: true });
      throw new OtaRefusal(
        digest.sizeBytes !== ota.sizeBytes
          ? `size ${digest.sizeBytes} is not the ${ota.sizeBytes} bytes signed`
          : 'sha256 does not match the signed digest: the artifact was changed',
      );
    }

    this.send(ota.rolloutId, ota.version, 'installing');
    const slot = this.slots.inactive();
    const dir = this.slots.prepare(slot);
    try {
      const manifest = await extractArtifact(file, dir);
      if (manifest.version !== ota.version)
        throw new OtaRefusal(`the artifact is version ${manifest.version}, not ${ota.version}`);
      if (!fitsHardware(manifest, o.hardwareRevision))
        throw new OtaRefusal(
          `built for hardware ${manifest.hardwareRevisions.join(', ')}, this is ${o.hardwareRevision}`,
        );
      const downgrade = downgradeRefusal(manifest, this.runningVersion());
      if (downgrade) throw new OtaRefusal(downgrade);
      log.info({ slot }, 'release unpacked');
      return { slot, manifest };
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    } finally {
      rmSync(file, { force: true });
    }
  }

  private scheduleCheck(): void {
    const trial = this.state.trial;
    if (!trial) return;
    const deadline = this.bootAt + (this.o.healthTimeoutMs ?? 5 * 60_000);
    const blind = this.drillFault(trial.toSlot);
    const check = () => {
      const t = this.state.trial;
      if (!t) return;
      const verdict = judgeHealth(t.baseline, this.o.probe(), this.bootAt, blind);
      if (verdict.ok) {
        this.o.logger.info({ version: t.version }, 'new version healthy');
        this.finish(t.rolloutId, t.version, 'healthy');
        return;
      }
      if (this.o.clock.now() >= deadline) {
        this.rollBack(`health check failed: ${describeVerdict(verdict)}`);
        return;
      }
      this.checkTimer = this.o.clock.setTimer(this.o.healthCheckEveryMs ?? 5000, check);
    };
    this.checkTimer = this.o.clock.setTimer(this.o.healthCheckEveryMs ?? 5000, check);
  }

  /** A release's drill fault for this gateway (the simulator's "bad release"). */
  private drillFault(slot: 'a' | 'b'): HealthCheckName | null {
    const manifest = this.slots.manifest(slot);
    return manifest ? healthFaultFor(manifest, this.o.serial) : null;
  }

  private rollBack(reason: string): void {
    const t = this.state.trial;
    if (!t) return;
    this.o.logger.warn({ version: t.version, back_to: t.fromVersion, reason }, 'rolling back');
    this.slots.switchTo(t.fromSlot);
    this.finish(t.rolloutId, t.version, 'rolled-back', reason);
    this.o.restart();
  }

  private finish(
    rolloutId: string,
    version: string,
    result: 'healthy' | 'rolled-back' | 'failed',
    reason?: string,
  ): void {
    this.send(rolloutId, version, result, reason);
    this.save({
      ...this.state,
      trial: null,
      last: { rolloutId, version, result, reason, at: this.o.clock.now() },
    });
  }

  private send(rolloutId: string, version: string, step: Step, reason?: string, progressPct?: number): void {
    const base = { v: CONTRACT_VERSION, rolloutId, version, ts: new Date(this.o.clock.now()).toISOString() };
    const status =
      step === 'downloading'
        ? { ...base, step, progressPct: progressPct ?? 0 }
        : step === 'failed' || step === 'rolled-back'
          ? { ...base, step, reason: (reason ?? step).slice(0, 1000) }
          : { ...base, step };
    try {
      this.o.report(status as PayloadInput<'otaStatus'>);
    } catch (err) {
      this.o.logger.error({ err: (err as Error).message, step }, 'could not queue an ota status');
    }
  }

  private save(state: OtaState): void {
    this.state = state;
    this.stateFile.save(state);
  }
}

/** rolloutId and version of a message the contract refused, when they are readable. */
function readEnvelope(raw: Buffer): { rolloutId: string; version: string } | null {
  try {
    const v = JSON.parse(raw.toString('utf8')) as { rolloutId?: unknown; version?: unknown };
    if (
      typeof v.rolloutId === 'string' &&
      v.rolloutId.length > 0 &&
      v.rolloutId.length <= 64 &&
      typeof v.version === 'string' &&
      firmwareVersionSchema.safeParse(v.version).success
    ) {
      return { rolloutId: v.rolloutId, version: v.version };
    }
  } catch {
    // unreadable: nothing to answer
  }
  return null;
}
