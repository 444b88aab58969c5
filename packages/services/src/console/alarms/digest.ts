import { type AlarmSeverity, type Db, type DigestFrequency, type Locale, readJson } from '@ilumen/db';
import type { JobProducer } from '@ilumen/jobs';
import type { Clock } from '../../deps';
import { formatAddress } from '../../sites/address';
import { DEFAULT_DIGEST } from './alarms';
import { SEVERITY_RANK } from './rules';

const PERIOD_MS: Record<Exclude<DigestFrequency, 'off'>, number> = { hourly: 3600_000, daily: 24 * 3600_000 };
/** Alarms listed in one mail; the rest is a count and the link. */
export const DIGEST_MAX_ITEMS = 50;

interface Recipient {
  userId: number;
  email: string;
  name: string;
  locale: Locale;
  frequency: DigestFrequency;
  minSeverity: AlarmSeverity;
  lastSentAt: Date | null;
  all: boolean;
  organizationIds: number[];
}

/**
 * The mail digest of new alarms (decisions 040–042): each person who sees alarms gets, at the frequency they chose (daily by
 * default), the alarms raised since their last digest that they may see, at or above their chosen severity.
 * Run by the `alarms.digest` job; the mail's job id is the person and the period, so a rerun sends nothing twice.
 */
export class AlarmDigest {
  constructor(private readonly deps: { db: Db; jobs: JobProducer; clock: Clock; publicUrl: string }) {}

  private async recipients(): Promise<Recipient[]> {
    const rows = await this.deps.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .leftJoin('alarm_digest_settings as d', 'd.user_id', 'u.id')
      .select([
        'u.id',
        'u.email',
        'u.name',
        'u.locale',
        'o.kind',
        'm.role',
        'm.organization_id',
        'd.frequency',
        'd.min_severity',
        'd.last_sent_at',
      ])
      .where('u.active', '=', true)
      .where('o.active', '=', true)
      .where('m.role', 'in', ['admin', 'support', 'installer_admin', 'technician'])
      .execute();
    const byUser = new Map<number, Recipient>();
    for (const r of rows) {
      const rec =
        byUser.get(r.id) ??
        ({
          userId: r.id,
          email: r.email,
          name: r.name,
          locale: r.locale,
          frequency: r.frequency ?? DEFAULT_DIGEST.frequency,
          minSeverity: r.min_severity ?? DEFAULT_DIGEST.minSeverity,
          lastSentAt: r.last_sent_at,
          all: false,
          organizationIds: [],
        } satisfies Recipient);
      if (r.kind === 'operator') rec.all = true;
      else rec.organizationIds.push(r.organization_id);
      byUser.set(r.id, rec);
    }
    return [...byUser.values()];
  }

  async run(): Promise<{ due: number; mailed: number }> {
    const now = this.deps.clock.now();
    let due = 0;
    let mailed = 0;
    for (const r of await this.recipients()) {
      if (r.frequency === 'off') continue;
      const period = PERIOD_MS[r.frequency];
      if (r.lastSentAt && now.getTime() - r.lastSentAt.getTime() < period) continue;
      due++;
      const from = r.lastSentAt ?? new Date(now.getTime() - period);
      const minRank = SEVERITY_RANK[r.minSeverity];
      const severities = (['critical', 'warning', 'info'] as const).filter(
        (s) => SEVERITY_RANK[s] >= minRank,
      );
      let q = this.deps.db
        .selectFrom('alarms as a')
        .leftJoin('sites as s', 's.id', 'a.site_id')
        .select([
          'a.id',
          'a.kind',
          'a.severity',
          'a.details',
          'a.raised_at',
          's.street',
          's.house_number',
          's.postal_code',
          's.city',
        ])
        .where('a.raised_at', '>', from)
        .where('a.raised_at', '<=', now)
        .where('a.severity', 'in', severities);
      if (!r.all) q = q.where('a.organization_id', 'in', r.organizationIds.length ? r.organizationIds : [0]);
      const alarms = await q
        .orderBy('a.raised_at', 'desc')
        .limit(DIGEST_MAX_ITEMS + 1000)
        .execute();
      if (alarms.length > 0) {
        const items = alarms.slice(0, DIGEST_MAX_ITEMS).map((a) => ({
          kind: a.kind,
          severity: a.severity,
          address:
            a.street && a.house_number && a.postal_code && a.city
              ? formatAddress({
                  street: a.street,
                  house_number: a.house_number,
                  postal_code: a.postal_code,
                  city: a.city,
                })
              : '—',
          raisedAt: a.raised_at.toISOString(),
          params: readJson<Record<string, string | number>>(a.details) ?? {},
        }));
        await this.deps.jobs.add(
          'mail',
          'send',
          {
            template: 'alarm-digest',
            to: r.email,
            locale: r.locale,
            params: {
              name: r.name,
              frequency: r.frequency,
              count: alarms.length,
              alarms: items,
              url: `${this.deps.publicUrl}/console/alarms`,
            },
          },
          { jobId: `alarm-digest-${r.userId}-${now.getTime()}` },
        );
        mailed++;
      }
      await this.deps.db
        .insertInto('alarm_digest_settings')
        .values({
          user_id: r.userId,
          frequency: r.frequency,
          min_severity: r.minSeverity,
          last_sent_at: now,
          updated_at: now,
        })
        .onDuplicateKeyUpdate({ last_sent_at: now })
        .execute();
    }
    return { due, mailed };
  }
}
