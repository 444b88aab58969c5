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
  'email-change': z.object({ name: z.string(), oldEmail: z.string(), newEmail: z.string(), url: z.string().url() }),
  /** To the old address, once the change happened. */
  'email-changed': z.object({ name: z.string(), oldEmail: z.string(), newEmail: z.string() }),
} as const;
export type MailTemplate = keyof typeof mailTemplates;

export const mailSendPayload = z.discriminatedUnion('template', [
  z.object({ template: z.literal('password-reset'), to: z.email(), locale, params: mailTemplates['password-reset'] }),
  z.object({ template: z.literal('invitation'), to: z.email(), locale, params: mailTemplates.invitation }),
  z.object({ template: z.literal('email-change'), to: z.email(), locale, params: mailTemplates['email-change'] }),
  z.object({ template: z.literal('email-changed'), to: z.email(), locale, params: mailTemplates['email-changed'] }),
]);
export type MailSendPayload = z.infer<typeof mailSendPayload>;

export const registry = {
  mail: {
    send: mailSendPayload,
  },
  gateways: {
    /** Repeating: marks gateways offline that have been silent too long, even without a last will. */
    markOffline: z.object({}),
  },
} as const;

export type Registry = typeof registry;
export type QueueName = keyof Registry;
export type JobName<Q extends QueueName> = keyof Registry[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = z.infer<Registry[Q][N] & z.ZodType>;
