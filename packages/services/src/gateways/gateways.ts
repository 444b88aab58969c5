import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { formatPasswordHash, hashBrokerPassword, verifyBrokerPassword } from '@ilumen/broker';
import { sql } from '@ilumen/db';
import { isGatewaySerial } from '@ilumen/mqtt-contract';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import { Throttle, type ThrottleRule } from '../auth/throttle';
import type { ServiceDeps } from '../deps';
import { AppError, conflict, fieldError } from '../errors';
import { requirePermission, requireWritable } from '../policy';
import { optionalText, parseInput } from '../validation';
import { type BrokerCredentials, generateGatewayPassword } from './broker-credentials';
import { gatewayKeys } from './keys';

/**
 * Failed claims of one serial by one installer organization before that organization is locked out of it for a
 * while (online guessing). Keyed by organization, so one installer's failures never lock another tenant's box.
 */
export const CLAIM_PER_SERIAL: ThrottleRule = { limit: 5, windowSeconds: 15 * 60 };
/** Failed claims by one person across all serials (guessing many boxes one attempt each). */
export const CLAIM_PER_USER: ThrottleRule = { limit: 20, windowSeconds: 15 * 60 };
/** Most gateways registered in one upload. */
export const REGISTER_MAX_ROWS = 5000;

/** Upper case, without spaces and dashes: "ab12-cd34" and "AB12CD34" are one code. */
export function normalizeClaimCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * The stored form of a claim code: SHA-256 over serial and code, so equal codes on two boxes differ and a leaked
 * table does not hand out codes (the code is short, so claiming is throttled per serial instead).
 */
export function claimCodeHash(serial: string, code: string): string {
  return createHash('sha256')
    .update(`${serial}:${normalizeClaimCode(code)}`)
    .digest('hex');
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A new claim code for a label: 10 characters without look-alikes (0/O, 1/I), printed as XXXXX-XXXXX. */
export function generateClaimCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export const gatewayRegisterInput = z.object({
  /** One gateway per line: serial; claim code (empty: generated); installer (name, optional). `;`, `,` or tab. */
  rows: z.string().max(400_000),
  organizationId: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.coerce.number().int().positive().optional(),
  ),
  note: optionalText(64),
});

export const GATEWAY_REVOKE_REASONS = ['returned', 'stolen', 'replaced', 'other'] as const;

export const gatewayRevokeInput = z.object({
  serial: z.string().trim().min(1).max(40),
  reason: z.enum(GATEWAY_REVOKE_REASONS),
  note: optionalText(200),
  /** The person ticked "the gateway stops sending data at once". */
  confirm: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.literal(true)),
});

export interface RegisterResult {
  registered: Array<{ serial: string; claimCode: string | null; organization: string | null }>;
  skipped: Array<{ line: number; serial: string; reasonKey: string }>;
}

type ParsedLine = { line: number; serial: string; code: string | null; organization: string | null };

/** Reads the pasted or uploaded list; a header line (starting with "serial") is skipped. */
export function parseRegisterRows(text: string): { lines: ParsedLine[]; errors: RegisterResult['skipped'] } {
  const lines: ParsedLine[] = [];
  const errors: RegisterResult['skipped'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const cells = trimmed.split(/[;,\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
    const serial = (cells[0] ?? '').toUpperCase();
    if (i === 0 && /^serial/i.test(serial)) return;
    const code = cells[1] ? cells[1] : null;
    if (!isGatewaySerial(serial))
      errors.push({ line: i + 1, serial, reasonKey: 'gateways.register.badSerial' });
    else if (code !== null && !/^[A-Z0-9]{6,32}$/.test(normalizeClaimCode(code)))
      errors.push({ line: i + 1, serial, reasonKey: 'gateways.register.badCode' });
    else lines.push({ line: i + 1, serial, code, organization: cells[2] ? cells[2] : null });
  });
  return { lines, errors };
}

/**
 * Gateways before and at commissioning: staff register boxes with their claim codes before they ship (in bulk), an
 * installer claims one onto a site with serial and code, which makes its MQTT login (`BrokerCredentials`).
 */
export class GatewayService {
  private readonly throttle: Throttle;
  constructor(
    private readonly deps: ServiceDeps,
    private readonly broker: BrokerCredentials | null,
  ) {
    this.throttle = new Throttle(deps.redis, deps.redisPrefix);
  }

  /** How gateway logins reach the broker here (null: not configured, claiming says so). */
  get brokerKind(): BrokerCredentials['kind'] | null {
    return this.broker?.kind ?? null;
  }

  async register(actor: Actor, input: unknown): Promise<RegisterResult> {
    requireWritable(actor);
    requirePermission(actor, 'gateways.register');
    const data = parseInput(gatewayRegisterInput, input);
    const { lines, errors } = parseRegisterRows(data.rows);
    if (lines.length + errors.length === 0) throw fieldError('rows', 'gateways.register.empty');
    if (lines.length > REGISTER_MAX_ROWS)
      throw fieldError('rows', 'gateways.register.tooMany', { max: REGISTER_MAX_ROWS });
    const orgs = await this.deps.db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('kind', '=', 'installer')
      .execute();
    const byName = new Map(orgs.map((o) => [o.name.toLowerCase(), o]));
    const defaultOrg = data.organizationId ? orgs.find((o) => o.id === data.organizationId) : undefined;
    if (data.organizationId && !defaultOrg) throw fieldError('organizationId', 'validation.choice');

    const result: RegisterResult = { registered: [], skipped: [...errors] };
    const seen = new Set<string>();
    const existing = new Set(
      lines.length === 0
        ? []
        : (
            await this.deps.db
              .selectFrom('gateways')
              .select('serial')
              .where(
                'serial',
                'in',
                lines.map((l) => l.serial),
              )
              .execute()
          ).map((r) => r.serial),
    );
    const rows: Array<{
      serial: string;
      claim_code_hash: string;
      organization_id: number | null;
      registered_by_user_id: number | null;
    }> = [];
    for (const l of lines) {
      if (existing.has(l.serial) || seen.has(l.serial)) {
        result.skipped.push({ line: l.line, serial: l.serial, reasonKey: 'gateways.register.exists' });
        continue;
      }
      const org = l.organization ? byName.get(l.organization.toLowerCase()) : defaultOrg;
      if (l.organization && !org) {
        result.skipped.push({
          line: l.line,
          serial: l.serial,
          reasonKey: 'gateways.register.unknownInstaller',
        });
        continue;
      }
      seen.add(l.serial);
      const code = l.code ?? generateClaimCode();
      rows.push({
        serial: l.serial,
        claim_code_hash: claimCodeHash(l.serial, code),
        organization_id: org?.id ?? null,
        registered_by_user_id: actor.type === 'user' ? actor.userId : null,
      });
      // A generated code is shown once (for the labels); a given one was already known to whoever printed it.
      result.registered.push({
        serial: l.serial,
        claimCode: l.code === null ? code : null,
        organization: org?.name ?? null,
      });
    }
    if (rows.length > 0) {
      await this.deps.db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 1000)
          await trx
            .insertInto('gateways')
            .values(rows.slice(i, i + 1000))
            .execute();
        await recordAudit(trx, actor, {
          action: 'gateway.register',
          entityType: 'gateway',
          entityId: rows.length === 1 ? rows[0]!.serial : `${rows.length} gateways`,
          after: {
            count: rows.length,
            first: rows[0]!.serial,
            last: rows.at(-1)!.serial,
            note: data.note ?? null,
          },
        });
      });
      await this.announce(rows.map((r) => r.serial));
    }
    return result;
  }

  /** The latest registered gateways for the registration page (staff). */
  async recent(actor: Actor, input: unknown = {}) {
    requirePermission(actor, 'gateways.register');
    const { limit } = parseInput(
      z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      input,
    );
    const [rows, counts] = await Promise.all([
      this.deps.db
        .selectFrom('gateways as g')
        .leftJoin('organizations as o', 'o.id', 'g.organization_id')
        .select([
          'g.id',
          'g.serial',
          'g.site_id',
          'g.claimed_at',
          'g.created_at',
          'g.mqtt_revoked_at',
          'o.name as organization_name',
        ])
        .orderBy('g.id', 'desc')
        .limit(limit)
        .execute(),
      this.deps.db
        .selectFrom('gateways')
        .select([sql<number>`count(*)`.as('total'), sql<number>`sum(site_id is null)`.as('unclaimed')])
        .executeTakeFirstOrThrow(),
    ]);
    return {
      rows,
      total: Number(counts.total),
      unclaimed: Number(counts.unclaimed ?? 0),
      broker: this.brokerKind,
    };
  }

  /**
   * Puts a registered gateway on a site (the caller checked the actor may commission it) and makes its broker login.
   * The password is returned once, for the installer to enter on the box; only the broker keeps (a hash of) it.
   */
  async claim(
    actor: Actor,
    site: { id: number; organizationId: number },
    input: { serial: string; claimCode: string },
  ) {
    requireWritable(actor);
    if (!this.broker) throw new AppError('conflict', 'gateways.claim.noBroker');
    const serial = input.serial.trim().toUpperCase();
    if (!isGatewaySerial(serial)) throw fieldError('serial', 'gateways.claim.serialFormat');
    if (!input.claimCode.trim()) throw fieldError('claimCode', 'validation.required');
    const serialKey = {
      key: this.throttle.key('claim', `${site.organizationId}:${serial}`),
      rule: CLAIM_PER_SERIAL,
    };
    const userKey = {
      key: this.throttle.key('claim-user', actor.type === 'user' ? `user:${actor.userId}` : actor.type),
      rule: CLAIM_PER_USER,
    };
    // Counted before the code is compared, so concurrent guesses cannot outrun the count.
    try {
      await this.throttle.reserve([serialKey, userKey]);
    } catch {
      throw fieldError('claimCode', 'gateways.claim.throttled');
    }
    const db = this.deps.db;
    const gateway = await db
      .selectFrom('gateways')
      .select(['id', 'serial', 'site_id', 'organization_id', 'claim_code_hash'])
      .where('serial', '=', serial)
      .executeTakeFirst();
    // An unknown serial and a wrong code get one answer: a serial's existence is nothing to learn without its code.
    const given = Buffer.from(claimCodeHash(serial, input.claimCode));
    const stored = Buffer.from(gateway?.claim_code_hash ?? '');
    if (!gateway || stored.length !== given.length || !timingSafeEqual(stored, given))
      throw fieldError('claimCode', 'gateways.claim.noMatch');
    // Whoever has the code has the box: what follows may say where it is.
    await this.throttle.reset(serialKey.key);
    await this.throttle.release([userKey]);
    if (gateway.site_id !== null && gateway.site_id !== site.id)
      throw fieldError('serial', 'gateways.claim.inUse');
    if (gateway.organization_id !== null && gateway.organization_id !== site.organizationId)
      throw fieldError('serial', 'gateways.claim.otherInstaller');
    const other = await db
      .selectFrom('gateways')
      .select('serial')
      .where('site_id', '=', site.id)
      .where('id', '!=', gateway.id)
      .executeTakeFirst();
    if (other) throw conflict('gateways.claim.siteHasGateway');

    const now = this.deps.clock.now();
    const password = generateGatewayPassword();
    await db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('gateways')
        .set({
          site_id: site.id,
          organization_id: site.organizationId,
          claimed_at: now,
          claimed_by_user_id: actor.type === 'user' ? actor.userId : null,
          mqtt_username: serial,
          // the platform keeps the hash (an HTTP-authenticating broker checks it); a new claim lifts a revocation
          mqtt_password_hash: formatPasswordHash(hashBrokerPassword(password)),
          mqtt_revoked_at: null,
          mqtt_revoked_by_user_id: null,
          mqtt_revoked_reason: null,
          credentials_issued_at: now,
          updated_at: now,
        })
        .where('id', '=', gateway.id)
        .where((eb) => eb.or([eb('site_id', 'is', null), eb('site_id', '=', site.id)]))
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw fieldError('serial', 'gateways.claim.inUse');
      await trx
        .updateTable('devices')
        .set({ gateway_id: gateway.id })
        .where('site_id', '=', site.id)
        .execute();
      await recordAudit(trx, actor, {
        action: gateway.site_id === site.id ? 'gateway.credentials' : 'gateway.claim',
        entityType: 'gateway',
        entityId: gateway.id,
        organizationId: site.organizationId,
        siteId: site.id,
        before: { siteId: gateway.site_id },
        after: { siteId: site.id, serial },
      });
      // Inside the transaction: when the broker cannot take the login, the claim does not happen either.
      await this.broker!.set(serial, password);
    });
    await this.announce([serial]);
    return { gatewayId: gateway.id, serial, username: serial, password, broker: this.broker.kind };
  }

  /**
   * Takes a gateway's broker login away (staff: the box was returned, stolen or replaced): the broker refuses it from
   * now on and disconnects it at once; the site keeps its history. Claiming the box again gives it a new login.
   */
  async revoke(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'gateways.revoke');
    const data = parseInput(gatewayRevokeInput, input);
    if (!this.broker) throw new AppError('conflict', 'gateways.claim.noBroker');
    const serial = data.serial.trim().toUpperCase();
    if (!isGatewaySerial(serial)) throw fieldError('serial', 'gateways.claim.serialFormat');
    const gateway = await this.deps.db
      .selectFrom('gateways')
      .select(['id', 'site_id', 'organization_id', 'mqtt_revoked_at'])
      .where('serial', '=', serial)
      .executeTakeFirst();
    if (!gateway) throw fieldError('serial', 'gateways.revoke.unknown');
    if (gateway.mqtt_revoked_at) throw fieldError('serial', 'gateways.revoke.already');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('gateways')
        .set({
          mqtt_revoked_at: now,
          mqtt_revoked_by_user_id: actor.type === 'user' ? actor.userId : null,
          mqtt_revoked_reason: data.reason,
          mqtt_password_hash: null,
          updated_at: now,
        })
        .where('id', '=', gateway.id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'gateway.revoke',
        entityType: 'gateway',
        entityId: gateway.id,
        organizationId: gateway.organization_id,
        siteId: gateway.site_id,
        after: { serial, reason: data.reason, note: data.note ?? null },
      });
      // Inside the transaction: a broker that did not take the revocation leaves the gateway as it was.
      await this.broker!.revoke(serial);
    });
    await this.announce([serial]);
    return { serial, revokedAt: now };
  }

  /**
   * For a broker that authenticates through the platform (`POST /mqtt/authn`): does this gateway login hold? Only a
   * claimed, unrevoked gateway with the password of its last claim.
   */
  async authenticateGateway(username: string, password: string): Promise<boolean> {
    if (!isGatewaySerial(username) || password.length === 0 || password.length > 256) return false;
    const row = await this.deps.db
      .selectFrom('gateways')
      .select(['mqtt_password_hash', 'mqtt_revoked_at', 'site_id'])
      .where('serial', '=', username)
      .executeTakeFirst();
    if (!row?.mqtt_password_hash || row.mqtt_revoked_at || row.site_id === null) return false;
    return verifyBrokerPassword(password, row.mqtt_password_hash);
  }

  /** Tells the ingest a gateway's registration or site changed, so it does not wait for its cache to expire. */
  private async announce(serials: string[]): Promise<void> {
    const channel = gatewayKeys(this.deps.redisPrefix).changed;
    for (const serial of serials.slice(0, 100)) await this.deps.redis.publish(channel, serial);
  }
}
