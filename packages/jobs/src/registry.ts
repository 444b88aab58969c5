import { z } from 'zod';

/**
 * Every queue, every job name in it, and the zod schema of its payload (DESIGN.md §7). Producers and workers both go
 * through this table, so a payload is checked when it is added and again when it is taken.
 */
const locale = z.enum(['nl', 'fr', 'en']);

export const mailTemplates = {
  'password-reset': z.object({ name: z.string(), url: z.string().url() }),
  invitation: z.object({
    inviter: z.string(),
    url: z.string().url(),
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('organization'), organization: z.string(), role: z.string() }),
      z.object({ kind: z.literal('site'), address: z.string(), scope: z.enum(['owner', 'all', 'chargers']) }),
    ]),
  }),
  /** To the new address: the link that makes an e-mail change happen. */
  'email-change': z.object({
    name: z.string(),
    oldEmail: z.string(),
    newEmail: z.string(),
    url: z.string().url(),
  }),
  /** To the old address, once the change happened. */
  'email-changed': z.object({ name: z.string(), oldEmail: z.string(), newEmail: z.string() }),
  /** To a homeowner: what happened to their Fluvius mandate (ready to link, refused, ending, ended). */
  'fluvius-mandate': z.object({
    name: z.string(),
    event: z.enum(['ready', 'rejected', 'gas', 'renewal', 'expired', 'revoked']),
    ean: z.string(),
    /** A Brussels day (`YYYY-MM-DD`): when the mandate ends, for the renewal notice. */
    endsOn: z.string().nullable(),
    url: z.string().url(),
  }),
  /** To a person who follows alarms (decisions 040–042): the alarms raised since their last digest. */
  'alarm-digest': z.object({
    name: z.string(),
    frequency: z.enum(['hourly', 'daily']),
    count: z.number().int().nonnegative(),
    alarms: z.array(
      z.object({
        kind: z.string(),
        severity: z.string(),
        address: z.string(),
        raisedAt: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])),
      }),
    ),
    url: z.string().url(),
  }),
  /** To a site's main user: the installation is in service (decisions 040–042). No name when they have no account yet. */
  'commissioning-done': z.object({ name: z.string().nullable(), address: z.string(), url: z.string().url() }),
  /** The charge-session CSV (decisions 030–034), sent by the exports worker with the file attached: what it covers. */
  'charge-sessions': z.object({
    name: z.string(),
    scope: z.enum(['charger', 'chargerOwn', 'site', 'owner']),
    charger: z.string().optional(),
    address: z.string().optional(),
    siteCount: z.number().int().nonnegative().optional(),
    /** Brussels days, both included. */
    from: z.iso.date(),
    to: z.iso.date(),
    count: z.number().int().nonnegative(),
  }),
  /** To a site's main user, beforehand (decisions 050–055): the battery's maintenance charge is planned in this window. */
  'maintenance-charge': z.object({
    name: z.string(),
    address: z.string(),
    /** The window, ISO UTC; shown in the reader's time zone. */
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    url: z.string().url(),
  }),
  /** To an employer with the month's statement of a company car charged at home attached (decision 192). */
  'company-car-statement': z.object({
    address: z.string(),
    charger: z.string(),
    month: z.string().regex(/^\d{4}-\d{2}$/),
    /** 1 = the month's statement, higher = a correction. */
    version: z.number().int().positive(),
    totalEur: z.string().nullable(),
  }),
  /** To a homeowner who asked for it, with the contract comparison's PDF attached (decision 240). */
  'contract-comparison': z.object({
    address: z.string(),
    from: z.string(),
    to: z.string(),
  }),
} as const;
export type MailTemplate = keyof typeof mailTemplates;

export const mailSendPayload = z.discriminatedUnion('template', [
  z.object({
    template: z.literal('password-reset'),
    to: z.email(),
    locale,
    params: mailTemplates['password-reset'],
  }),
  z.object({ template: z.literal('invitation'), to: z.email(), locale, params: mailTemplates.invitation }),
  z.object({
    template: z.literal('email-change'),
    to: z.email(),
    locale,
    params: mailTemplates['email-change'],
  }),
  z.object({
    template: z.literal('email-changed'),
    to: z.email(),
    locale,
    params: mailTemplates['email-changed'],
  }),
  z.object({
    template: z.literal('fluvius-mandate'),
    to: z.email(),
    locale,
    params: mailTemplates['fluvius-mandate'],
  }),
  z.object({
    template: z.literal('alarm-digest'),
    to: z.email(),
    locale,
    params: mailTemplates['alarm-digest'],
  }),
  z.object({
    template: z.literal('commissioning-done'),
    to: z.email(),
    locale,
    params: mailTemplates['commissioning-done'],
  }),
  z.object({
    template: z.literal('charge-sessions'),
    to: z.email(),
    locale,
    params: mailTemplates['charge-sessions'],
  }),
  z.object({
    template: z.literal('maintenance-charge'),
    to: z.email(),
    locale,
    params: mailTemplates['maintenance-charge'],
  }),
  z.object({
    template: z.literal('company-car-statement'),
    to: z.email(),
    locale,
    params: mailTemplates['company-car-statement'],
  }),
  z.object({
    template: z.literal('contract-comparison'),
    to: z.email(),
    locale,
    params: mailTemplates['contract-comparison'],
  }),
]);

const mandateId = z.number().int().positive();
const localDay = z.iso.date();
export type MailSendPayload = z.infer<typeof mailSendPayload>;

export const registry = {
  mail: {
    send: mailSendPayload,
  },
  gateways: {
    /** Repeating: marks gateways offline that have been silent too long, even without a last will. */
    markOffline: z.object({}),
    /** Repeating: commands their gateway never answered, past their expiry, are marked expired. */
    expireCommands: z.object({}),
  },
  /** Alarms across the fleet (decisions 040–042), see worker/src/jobs/alarms. */
  alarms: {
    /** Repeating (every minute): raise and clear alarms over every gateway of every active site. */
    evaluate: z.object({}),
    /** Repeating (every 15 minutes): mail each person the new alarms at the frequency they chose. */
    digest: z.object({}),
  },
  /** Fluvius mandates and meter data (decisions 020–022); ids from business keys (mandate, day), see worker/src/jobs/fluvius. */
  fluvius: {
    /** Repeating (hourly): asks Fluvius about every mandate still waiting for a decision. */
    pollOpen: z.object({}),
    /** One mandate, now: after the homeowner came back from Mijn Fluvius, or "check now" in the console. */
    pollMandate: z.object({ mandateId }),
    /** Repeating (daily): approved mandates' renewal status and end date. */
    checkApproved: z.object({}),
    /** Repeating (nightly): one syncMandate per linked mandate, spread over the night. */
    syncNight: z.object({}),
    /** The days from the last synced one through yesterday (or through `through`). */
    syncMandate: z.object({ mandateId, through: localDay.optional() }),
    /** The next chunk of history before the link, back as far as the mandate allows; chains itself. */
    backfill: z.object({ mandateId }),
    /** Repeating (daily): re-reads recent days that have holes or values Fluvius has not validated yet. */
    repairGaps: z.object({}),
    /** Specific days again (a gap, a correction). */
    syncDays: z.object({ mandateId, from: localDay, to: localDay }),
  },
  /** Firmware rollouts (decisions 060–062); the logic is `RolloutEngine` in the services, handlers in worker/src/jobs/rollouts. */
  rollouts: {
    /** Repeating (every few seconds), and at once after a rollout is created or resumed: moves rollouts on. */
    tick: z.object({ rolloutId: z.number().int().positive().optional() }),
  },
  /** Day-ahead prices and dynamic charging (decisions 050–055), see worker/src/jobs/prices. */
  prices: {
    /** Repeating (every 30 min in the afternoon, Brussels): fetch tomorrow's prices until they are in, then plan. */
    fetchTomorrow: z.object({}),
    /** One delivery day (ENTSO-E A44, BE), then its plans: also for a repair or a backfill. */
    fetchDay: z.object({ day: localDay }),
    /** Plan the cheapest hours of a day for every site with dynamic charging, then send them in chunks. */
    planDay: z.object({ day: localDay }),
    /** Send the new plans (their gateways' configs) to a chunk of sites. */
    publishPlans: z.object({ day: localDay, siteIds: z.array(z.number().int().positive()).min(1).max(1000) }),
  },
  /** Battery maintenance charges (decisions 050–055), see worker/src/jobs/maintenance. */
  maintenance: {
    /** Repeating (daily): batteries not at 100 % within the interval get a maintenance charge planned and announced. */
    planDue: z.object({}),
    /** Repeating (every few minutes): the progress the gateways reported lands on the planned charges. */
    reconcile: z.object({}),
  },
  /** Charge-session CSVs by mail (DESIGN.md §7, decisions 030–034); the job id is the export's (`charge-export-<id>`). */
  exports: {
    chargeSessions: z.object({ exportId: z.number().int().positive() }),
    /**
     * Repeating (daily): the company cars' statements of last month, corrections of the months before when a late CREG
     * rate came in, and every statement not mailed yet (decision 192). Idempotent per charger, month and version.
     */
    companyCarStatements: z.object({
      month: z
        .string()
        .regex(/^\d{4}-\d{2}$/)
        .optional(),
    }),
    /**
     * The contract comparison's PDF mailed to the person who asked (decision 240); the job id is the address, the
     * person and the Brussels day, so asking twice a day mails once.
     */
    contractComparison: z.object({
      siteId: z.number().int().positive(),
      userId: z.number().int().positive(),
    }),
  },
} as const;

export type Registry = typeof registry;
export type QueueName = keyof Registry;
export type JobName<Q extends QueueName> = keyof Registry[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = z.infer<Registry[Q][N] & z.ZodType>;
