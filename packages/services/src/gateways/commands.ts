import { randomUUID } from 'node:crypto';
import { readJson, writeJson } from '@ilumen/db';
import {
  type CommandArgsInput,
  type CommandName,
  commandRequestSchema,
  describeIssues,
  topics,
} from '@ilumen/mqtt-contract';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { AppError, notFound } from '../errors';
import { requireSite, requireWritable } from '../policy';
import { id, parseInput } from '../validation';

/** How long a command may wait for its gateway (a charge start an hour late is wrong); callers may ask for less. */
export const DEFAULT_COMMAND_TTL_S = 120;

/** Commands support and installers may send from the troubleshooting page. */
export const DIAGNOSTIC_COMMANDS = [
  'modbus.read',
  'modbus.scan',
  'p1.lastTelegram',
  'reboot',
  'log.tail',
] as const;

export const diagnosticCommandInput = z.object({
  siteId: id(),
  name: z.enum(DIAGNOSTIC_COMMANDS),
  args: z.record(z.string(), z.unknown()).default({}),
});
export const commandIdInput = z.object({ commandId: z.uuid() });

export interface SentCommand {
  id: string;
  gatewayOnline: boolean;
  expiresAt: string;
}

/**
 * Commands to a site's gateway (DESIGN.md §6 cmd/req and cmd/res): stored, published, answered by the gateway through
 * the ingest, or expired. Other services (charging, diagnostics) decide who may send what and call `send`.
 */
export class CommandService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Sends a command to the gateway of a site, for a caller that has already checked the actor may. */
  async send<N extends CommandName>(
    actor: Actor,
    siteId: number,
    name: N,
    args: CommandArgsInput<N>,
    ttlSeconds = DEFAULT_COMMAND_TTL_S,
  ): Promise<SentCommand> {
    const link = this.deps.gatewayLink;
    if (!link) throw new AppError('conflict', 'commands.unavailable');
    const gateway = await this.deps.db
      .selectFrom('gateways')
      .select(['id', 'serial', 'online'])
      .where('site_id', '=', siteId)
      .orderBy('id')
      .executeTakeFirst();
    if (!gateway) throw new AppError('conflict', 'commands.noGateway');
    const now = this.deps.clock.now();
    const request = {
      v: 1 as const,
      id: randomUUID(),
      name,
      args,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
    };
    const parsed = commandRequestSchema.safeParse(request);
    if (!parsed.success) {
      throw new AppError(
        'validation',
        'validation.form',
        {},
        { args: { key: 'commands.invalidArgs', params: { reason: describeIssues(parsed.error) } } },
      );
    }
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('commands')
        .values({
          id: request.id,
          site_id: siteId,
          gateway_id: gateway.id,
          name,
          args: writeJson(parsed.data.args)!,
          issued_by_user_id: actor.type === 'user' ? actor.userId : null,
          issued_at: now,
          expires_at: new Date(request.expiresAt),
        })
        .execute();
      await recordAudit(trx, actor, {
        action: `command.${name}`,
        entityType: 'command',
        entityId: request.id,
        siteId,
        after: { name, args: parsed.data.args },
      });
    });
    await link.publish(topics.cmdReq(gateway.serial), JSON.stringify(parsed.data), { qos: 1, retain: false });
    return { id: request.id, gatewayOnline: gateway.online, expiresAt: request.expiresAt };
  }

  /** A diagnostic command from the troubleshooting page (support, admins, the site's installer). */
  async diagnose(actor: Actor, input: unknown): Promise<SentCommand> {
    requireWritable(actor);
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    await requireSite(this.deps.db, actor, siteId, 'site.diagnose');
    const data = parseInput(diagnosticCommandInput, input);
    return this.send(actor, data.siteId, data.name, data.args as never, 60);
  }

  /** A command's state; one past its expiry without an answer reads as expired. */
  async get(actor: Actor, input: unknown) {
    const { commandId } = parseInput(commandIdInput, input);
    const row = await this.deps.db
      .selectFrom('commands')
      .selectAll()
      .where('id', '=', commandId)
      .executeTakeFirst();
    if (!row) throw notFound();
    await requireSite(
      this.deps.db,
      actor,
      row.site_id,
      // who sent it reads it back with either right it could have sent it with (a homeowner's charger command,
      // support's diagnostics)
      actor.type === 'user' && row.issued_by_user_id === actor.userId
        ? ['site.chargers', 'site.diagnose']
        : 'site.diagnose',
    );
    return present(row, this.deps.clock.now());
  }

  /** The latest commands of a site and their results (the troubleshooting page). */
  async listForSite(actor: Actor, input: unknown) {
    const { siteId, limit } = parseInput(
      z.object({ siteId: id(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      input,
    );
    await requireSite(this.deps.db, actor, siteId, 'site.diagnose');
    const rows = await this.deps.db
      .selectFrom('commands')
      .selectAll()
      .where('site_id', '=', siteId)
      .orderBy('issued_at', 'desc')
      .limit(limit)
      .execute();
    const now = this.deps.clock.now();
    return rows.map((r) => present(r, now));
  }
}

function present(
  row: {
    id: string;
    site_id: number;
    name: string;
    args: unknown;
    issued_at: Date;
    expires_at: Date;
    status: string;
    result: unknown;
    error_code: string | null;
    error_message: string | null;
    finished_at: Date | null;
  },
  now: Date,
) {
  const expired = row.status === 'sent' && now.getTime() > row.expires_at.getTime();
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    args: readJson(row.args),
    issuedAt: row.issued_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    status: expired ? ('expired' as const) : (row.status as 'sent' | 'succeeded' | 'failed' | 'expired'),
    result: readJson(row.result),
    errorCode: expired ? 'expired' : row.error_code,
    errorMessage: row.error_message,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
export type CommandView = ReturnType<typeof present>;
