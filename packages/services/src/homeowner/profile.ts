import { isDuplicateKey } from '@ilumen/db';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { Throttle, type ThrottleRule } from '../auth/throttle';
import { hashToken, newToken } from '../auth/tokens';
import type { ServiceDeps } from '../deps';
import { AppError, conflict, fieldError } from '../errors';
import { requireAccountChange, requireUser } from '../policy';
import { refreshSiteSearch } from '../sites/site-search';
import { email, parseInput, password, text } from '../validation';

const EMAIL_CHANGE_TTL_MS = 24 * 3600 * 1000;
const EMAIL_CHANGE_PER_USER: ThrottleRule = { limit: 5, windowSeconds: 3600 };
const PASSWORD_CHECK_PER_USER: ThrottleRule = { limit: 5, windowSeconds: 15 * 60 };

export const profileUpdateInput = z.object({ displayName: text(200), locale: z.enum(['nl', 'fr', 'en']) });
export const passwordChangeInput = z
  .object({ currentPassword: z.string().min(1).max(200), password: password(), passwordRepeat: z.string() })
  .superRefine((v, ctx) => {
    if (v.password !== v.passwordRepeat)
      ctx.addIssue({ code: 'custom', path: ['passwordRepeat'], message: 'validation.passwordMismatch' });
  });
export const emailChangeInput = z.object({
  email: email(),
  /** Asked when the account has a password: a session left open on a shared computer must not move the account. */
  currentPassword: z.string().max(200).optional(),
});
export const emailChangeTokenInput = z.object({ token: z.string().min(10).max(200) });

/** One's own account: name, language, password, e-mail address (through a link to the new address). */
export class ProfileService {
  private readonly throttle: Throttle;
  constructor(private readonly deps: ServiceDeps) {
    this.throttle = new Throttle(deps.redis, deps.redisPrefix);
  }

  async get(actor: Actor) {
    const me = requireUser(actor);
    const [user, pending, providers] = await Promise.all([
      this.deps.db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'locale', 'password_hash'])
        .where('id', '=', me.userId)
        .executeTakeFirstOrThrow(),
      this.deps.db
        .selectFrom('email_changes')
        .select(['new_email', 'expires_at'])
        .where('user_id', '=', me.userId)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', this.deps.clock.now())
        .orderBy('id', 'desc')
        .executeTakeFirst(),
      this.deps.db
        .selectFrom('oauth_accounts')
        .select(['provider', 'email'])
        .where('user_id', '=', me.userId)
        .orderBy('provider')
        .execute(),
    ]);
    return {
      email: user.email,
      name: user.name,
      locale: user.locale,
      hasPassword: Boolean(user.password_hash),
      pendingEmail: pending ? { email: pending.new_email, expiresAt: pending.expires_at } : null,
      providers: providers.map((p) => p.provider),
      /** Read-only support views and embed sessions show the profile without its forms. */
      canChange: !me.readOnly && !me.embedSiteId,
    };
  }

  async update(actor: Actor, input: unknown) {
    const me = requireAccountChange(actor);
    const data = parseInput(profileUpdateInput, input);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('users')
        .select(['name', 'locale'])
        .where('id', '=', me.userId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (before.name === data.displayName && before.locale === data.locale) return;
      await trx
        .updateTable('users')
        .set({ name: data.displayName, locale: data.locale, updated_at: this.deps.clock.now() })
        .where('id', '=', me.userId)
        .execute();
      if (before.name !== data.displayName) {
        // The console's search finds a site by its main user's name too.
        const owned = await trx
          .selectFrom('site_members')
          .select('site_id')
          .where('user_id', '=', me.userId)
          .where('role', '=', 'owner')
          .execute();
        for (const o of owned) await refreshSiteSearch(trx, o.site_id);
      }
      await recordAudit(trx, me, {
        action: 'user.profile',
        entityType: 'user',
        entityId: me.userId,
        before,
        after: { name: data.displayName, locale: data.locale },
      });
    });
  }

  private async checkCurrentPassword(
    userId: number,
    plain: string | undefined,
    field: string,
  ): Promise<boolean> {
    const user = await this.deps.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    if (!user.password_hash) return false;
    const key = { key: this.throttle.key('password-check', String(userId)), rule: PASSWORD_CHECK_PER_USER };
    if (!plain) throw fieldError(field, 'validation.required');
    await this.throttle.reserve([key]);
    if (!(await verifyPassword(user.password_hash, plain))) throw fieldError(field, 'profile.password.wrong');
    await this.throttle.reset(key.key);
    return true;
  }

  /** Needs the current password; ends every other session of the person (the one in use stays). */
  async changePassword(actor: Actor, input: unknown) {
    const me = requireAccountChange(actor);
    const data = parseInput(passwordChangeInput, input);
    const hadPassword = await this.checkCurrentPassword(me.userId, data.currentPassword, 'currentPassword');
    if (!hadPassword) throw fieldError('currentPassword', 'profile.password.wrong');
    const passwordHash = await hashPassword(data.password);
    const ended = await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: this.deps.clock.now() })
        .where('id', '=', me.userId)
        .execute();
      let del = trx.deleteFrom('sessions').where('user_id', '=', me.userId);
      if (me.sessionId) del = del.where('id', '!=', me.sessionId);
      const res = await del.executeTakeFirst();
      await recordAudit(trx, me, {
        action: 'user.password',
        entityType: 'user',
        entityId: me.userId,
        after: { otherSessionsEnded: Number(res.numDeletedRows) },
      });
      return Number(res.numDeletedRows);
    });
    return { otherSessionsEnded: ended };
  }

  /**
   * Starts an e-mail change: mails a single-use link, valid 24 hours, to the NEW address. Nothing changes until it is
   * followed (`confirmEmailChange`); a newer request replaces an older one.
   */
  async requestEmailChange(actor: Actor, input: unknown) {
    const me = requireAccountChange(actor);
    const data = parseInput(emailChangeInput, input);
    const user = await this.deps.db
      .selectFrom('users')
      .select(['email', 'name', 'locale', 'password_hash'])
      .where('id', '=', me.userId)
      .executeTakeFirstOrThrow();
    if (data.email === user.email) throw fieldError('email', 'profile.email.same');
    if (user.password_hash)
      await this.checkCurrentPassword(me.userId, data.currentPassword, 'currentPassword');
    const taken = await this.deps.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', data.email)
      .executeTakeFirst();
    if (taken) throw conflict('profile.email.taken', 'email');
    const limit = { key: this.throttle.key('email-change', String(me.userId)), rule: EMAIL_CHANGE_PER_USER };
    await this.throttle.reserve([limit]);

    const token = newToken();
    const now = this.deps.clock.now();
    const changeId = await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('email_changes')
        .set({ revoked_at: now })
        .where('user_id', '=', me.userId)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .execute();
      const res = await trx
        .insertInto('email_changes')
        .values({
          token_hash: hashToken(token),
          user_id: me.userId,
          old_email: user.email,
          new_email: data.email,
          expires_at: new Date(now.getTime() + EMAIL_CHANGE_TTL_MS),
        })
        .executeTakeFirstOrThrow();
      const id = Number(res.insertId);
      await recordAudit(trx, me, {
        action: 'user.email.request',
        entityType: 'user',
        entityId: me.userId,
        after: { newEmail: data.email },
      });
      return id;
    });
    await this.deps.jobs.add(
      'mail',
      'send',
      {
        template: 'email-change',
        to: data.email,
        locale: user.locale,
        params: {
          name: user.name,
          oldEmail: user.email,
          newEmail: data.email,
          url: `${this.deps.publicUrl}/profile/email/${token}`,
        },
      },
      { jobId: `email-change-${changeId}` },
    );
    return { email: data.email, expiresAt: new Date(now.getTime() + EMAIL_CHANGE_TTL_MS) };
  }

  /** What the confirmation page shows; null when the link cannot be used. */
  async inspectEmailChange(token: string) {
    const row = await this.deps.db
      .selectFrom('email_changes')
      .select(['old_email', 'new_email'])
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', this.deps.clock.now())
      .executeTakeFirst();
    return row ? { oldEmail: row.old_email, newEmail: row.new_email } : null;
  }

  /**
   * Follows the link: the address changes now, the link is used up, and the old address is told. The link alone
   * proves the new address; it was asked for from a logged-in session (with the password).
   */
  async confirmEmailChange(actor: Actor, input: unknown): Promise<{ userId: number; email: string }> {
    const { token } = parseInput(emailChangeTokenInput, input);
    const now = this.deps.clock.now();
    let result: {
      userId: number;
      oldEmail: string;
      newEmail: string;
      name: string;
      locale: 'nl' | 'fr' | 'en';
      changeId: number;
    };
    try {
      result = await this.deps.db.transaction().execute(async (trx) => {
        const change = await trx
          .selectFrom('email_changes')
          .selectAll()
          .where('token_hash', '=', hashToken(token))
          .where('used_at', 'is', null)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .forUpdate()
          .executeTakeFirst();
        if (!change) throw new AppError('not_found', 'profile.email.invalid');
        const user = await trx
          .selectFrom('users')
          .select(['id', 'email', 'name', 'locale', 'active'])
          .where('id', '=', change.user_id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        // The account's address moved on since the link was sent (another change, a support fix): it no longer applies.
        if (!user.active || user.email !== change.old_email)
          throw new AppError('not_found', 'profile.email.invalid');
        await trx
          .updateTable('users')
          .set({ email: change.new_email, email_verified_at: now, updated_at: now })
          .where('id', '=', user.id)
          .execute();
        await trx.updateTable('email_changes').set({ used_at: now }).where('id', '=', change.id).execute();
        const owned = await trx
          .selectFrom('site_members')
          .select('site_id')
          .where('user_id', '=', user.id)
          .where('role', '=', 'owner')
          .execute();
        for (const o of owned) await refreshSiteSearch(trx, o.site_id);
        const who =
          actor.type === 'user' && actor.userId === user.id
            ? actor
            : {
                ...actor,
                type: 'user' as const,
                userId: user.id,
                email: change.old_email,
                name: user.name,
                locale: user.locale,
                memberships: [],
                readOnly: false,
                sessionId: null,
              };
        await recordAudit(trx, who, {
          action: 'user.email.change',
          entityType: 'user',
          entityId: user.id,
          before: { email: change.old_email },
          after: { email: change.new_email },
        });
        return {
          userId: user.id,
          oldEmail: change.old_email,
          newEmail: change.new_email,
          name: user.name,
          locale: user.locale,
          changeId: change.id,
        };
      });
    } catch (error) {
      if (isDuplicateKey(error, 'users_email_uq')) throw new AppError('conflict', 'profile.email.taken');
      throw error;
    }
    await this.deps.jobs.add(
      'mail',
      'send',
      {
        template: 'email-changed',
        to: result.oldEmail,
        locale: result.locale,
        params: { name: result.name, oldEmail: result.oldEmail, newEmail: result.newEmail },
      },
      { jobId: `email-changed-${result.changeId}` },
    );
    return { userId: result.userId, email: result.newEmail };
  }
}
