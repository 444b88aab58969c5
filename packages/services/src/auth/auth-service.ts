import type { Session } from 'lucia';
import { z } from 'zod';
import { type Actor, loadUserActor, type UserActor } from '../actor';
import type { ServiceDeps } from '../deps';
import { AppError } from '../errors';
import { email, parseInput, password } from '../validation';
import { type AppLucia, createLucia } from './lucia';
import { dummyHash, hashPassword, verifyPassword } from './passwords';
import { LOGIN_PER_ACCOUNT, LOGIN_PER_IP, RESET_PER_ACCOUNT, RESET_PER_IP, Throttle } from './throttle';
import { hashToken, newToken } from './tokens';

const RESET_TTL_MS = 60 * 60 * 1000;
/** An embed session ends this long after the link was opened, however busy it is (Lucia would keep extending it). */
export const EMBED_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export const loginInput = z.object({ email: email(), password: z.string().min(1).max(200) });
export const resetRequestInput = z.object({ email: email() });
export const resetInput = z
  .object({ token: z.string().min(10).max(200), password: password(), passwordRepeat: z.string() })
  .superRefine((v, ctx) => {
    if (v.password !== v.passwordRepeat)
      ctx.addIssue({ code: 'custom', path: ['passwordRepeat'], message: 'validation.passwordMismatch' });
  });

export interface SessionResult {
  session: Session;
  /** A `Set-Cookie` header value. */
  cookie: string;
  actor: UserActor;
}

export class AuthService {
  readonly lucia: AppLucia;
  private readonly throttle: Throttle;

  private readonly secureCookies: boolean;

  constructor(
    private readonly deps: ServiceDeps,
    options: { secureCookies: boolean },
  ) {
    this.secureCookies = options.secureCookies;
    this.lucia = createLucia(deps.db, options);
    this.throttle = new Throttle(deps.redis, deps.redisPrefix);
  }

  get cookieName(): string {
    return this.lucia.sessionCookieName;
  }

  async login(
    input: unknown,
    request: { ip: string | null; userAgent: string | null; requestId?: string | null },
  ): Promise<SessionResult> {
    const { email: address, password: plain } = parseInput(loginInput, input);
    const accountKey = { key: this.throttle.key('login-account', address), rule: LOGIN_PER_ACCOUNT };
    const ipKey = { key: this.throttle.key('login-ip', request.ip ?? 'unknown'), rule: LOGIN_PER_IP };
    // The attempt is counted before the password is checked: concurrent guesses cannot outrun the count.
    await this.throttle.reserve([accountKey, ipKey]);

    const user = await this.deps.db
      .selectFrom('users')
      .select(['id', 'password_hash', 'active'])
      .where('email', '=', address)
      .executeTakeFirst();
    const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), plain);
    if (!user?.password_hash || !ok) throw new AppError('unauthenticated', 'auth.login.failed');
    // The right password: the account's failures are forgiven and this attempt does not count against the address.
    await this.throttle.reset(accountKey.key);
    await this.throttle.release([ipKey]);
    if (!user.active) throw new AppError('forbidden', 'auth.login.inactive');
    return this.startSession(user.id, request);
  }

  /** Opens a session for a user who just proved who they are (login, reset link, accepted invitation). */
  async startSession(
    userId: number,
    request: { ip: string | null; userAgent: string | null; requestId?: string | null },
  ): Promise<SessionResult> {
    const session = await this.lucia.createSession(userId, { ip: request.ip, userAgent: request.userAgent });
    await this.deps.db
      .updateTable('users')
      .set({ last_login_at: this.deps.clock.now() })
      .where('id', '=', userId)
      .execute();
    const actor = await loadUserActor(this.deps.db, userId, {
      sessionId: session.id,
      ip: request.ip,
      requestId: request.requestId ?? null,
    });
    if (!actor) throw new AppError('forbidden', 'auth.login.inactive');
    return { session, cookie: this.lucia.createSessionCookie(session.id).serialize(), actor };
  }

  /**
   * Opens a session kept to one site, for an embed link (the mobile app's webview, a partner's iframe). Its cookie
   * works inside a cross-site iframe when the portal runs on https (SameSite=None; Secure; Partitioned).
   */
  async startEmbedSession(
    userId: number,
    siteId: number,
    request: { ip: string | null; userAgent: string | null; requestId?: string | null },
  ): Promise<SessionResult> {
    const session = await this.lucia.createSession(userId, {
      ip: request.ip,
      userAgent: request.userAgent,
      kind: 'embed',
      siteId,
    });
    const actor = await loadUserActor(this.deps.db, userId, {
      sessionId: session.id,
      ip: request.ip,
      requestId: request.requestId ?? null,
      embedSiteId: siteId,
    });
    if (!actor) throw new AppError('forbidden', 'auth.login.inactive');
    return { session, cookie: this.embedCookie(session.id, EMBED_SESSION_TTL_MS / 1000), actor };
  }

  /**
   * The session cookie for an embed session. A cross-site iframe only sends a cookie marked SameSite=None, which
   * browsers accept only with Secure; Partitioned (CHIPS) keeps it working where third-party cookies are blocked.
   * Over plain http (development) it falls back to Lax, which works in the webview and in same-site frames.
   */
  embedCookie(sessionId: string, maxAgeSeconds: number): string {
    const base = `${this.lucia.sessionCookieName}=${sessionId}; Path=/; HttpOnly; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`;
    return this.secureCookies ? `${base}; SameSite=None; Secure; Partitioned` : `${base}; SameSite=Lax`;
  }

  /**
   * The actor behind a session id (cookie or bearer token). Returns a cookie to set when the session was extended or
   * has to be cleared.
   */
  async resolveSession(
    sessionId: string | null | undefined,
    request: { ip: string | null; requestId: string | null },
  ): Promise<{ actor: UserActor | null; setCookie: string | null }> {
    if (!sessionId) return { actor: null, setCookie: null };
    const { session, user } = await this.lucia.validateSession(sessionId);
    if (!session || !user)
      return { actor: null, setCookie: this.lucia.createBlankSessionCookie().serialize() };
    const embedded = session.kind === 'embed';
    if (embedded) {
      const endsAt = (session.createdAt?.getTime() ?? 0) + EMBED_SESSION_TTL_MS;
      const left = endsAt - this.deps.clock.now().getTime();
      if (left <= 0 || !session.siteId) {
        await this.lucia.invalidateSession(session.id);
        return { actor: null, setCookie: this.embedCookie('', 0) };
      }
    }
    const actor = await loadUserActor(this.deps.db, user.id, {
      sessionId: session.id,
      ip: request.ip,
      requestId: request.requestId,
      embedSiteId: embedded ? session.siteId : null,
    });
    if (!actor) {
      await this.lucia.invalidateSession(session.id);
      return {
        actor: null,
        setCookie: embedded ? this.embedCookie('', 0) : this.lucia.createBlankSessionCookie().serialize(),
      };
    }
    if (!session.fresh) return { actor, setCookie: null };
    const refreshed = embedded
      ? this.embedCookie(
          session.id,
          ((session.createdAt?.getTime() ?? 0) + EMBED_SESSION_TTL_MS - this.deps.clock.now().getTime()) /
            1000,
        )
      : this.lucia.createSessionCookie(session.id).serialize();
    return { actor, setCookie: refreshed };
  }

  async logout(actor: Actor): Promise<string> {
    if (actor.type === 'user' && actor.sessionId) await this.lucia.invalidateSession(actor.sessionId);
    if (actor.type === 'user' && actor.embedSiteId) return this.embedCookie('', 0);
    return this.lucia.createBlankSessionCookie().serialize();
  }

  async logoutEverywhere(actor: Actor): Promise<string> {
    if (actor.type === 'user') await this.lucia.invalidateUserSessions(actor.userId);
    return this.lucia.createBlankSessionCookie().serialize();
  }

  /**
   * Mails a single-use link that expires in an hour. Says nothing about whether the address is known: the caller
   * shows the same message either way.
   */
  async requestPasswordReset(input: unknown, request: { ip: string | null }): Promise<void> {
    const { email: address } = parseInput(resetRequestInput, input);
    const accountKey = { key: this.throttle.key('reset-account', address), rule: RESET_PER_ACCOUNT };
    const ipKey = { key: this.throttle.key('reset-ip', request.ip ?? 'unknown'), rule: RESET_PER_IP };
    await this.throttle.reserve([accountKey, ipKey]);

    const user = await this.deps.db
      .selectFrom('users')
      .select(['id', 'name', 'locale', 'active'])
      .where('email', '=', address)
      .executeTakeFirst();
    if (!user?.active) return;
    const token = newToken();
    const inserted = await this.deps.db
      .insertInto('password_resets')
      .values({
        token_hash: hashToken(token),
        user_id: user.id,
        expires_at: new Date(this.deps.clock.now().getTime() + RESET_TTL_MS),
        requested_ip: request.ip,
      })
      .executeTakeFirstOrThrow();
    await this.deps.jobs.add(
      'mail',
      'send',
      {
        template: 'password-reset',
        to: address,
        locale: user.locale,
        params: { name: user.name, url: `${this.deps.publicUrl}/reset-password/${token}` },
      },
      { jobId: `password-reset-${inserted.insertId}` },
    );
  }

  /** Whether a reset link can still be used (for the page that asks for the new password). */
  async resetTokenValid(token: string): Promise<boolean> {
    const row = await this.deps.db
      .selectFrom('password_resets')
      .select('id')
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', this.deps.clock.now())
      .executeTakeFirst();
    return Boolean(row);
  }

  /** Sets the new password, uses up the link and ends every session of the user. Returns the user's id. */
  async resetPassword(input: unknown): Promise<number> {
    const data = parseInput(resetInput, input);
    const passwordHash = await hashPassword(data.password);
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const reset = await trx
        .selectFrom('password_resets')
        .select(['id', 'user_id'])
        .where('token_hash', '=', hashToken(data.token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .forUpdate()
        .executeTakeFirst();
      if (!reset) throw new AppError('not_found', 'auth.reset.invalid');
      await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('user_id', '=', reset.user_id)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, email_verified_at: now, updated_at: now })
        .where('id', '=', reset.user_id)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', reset.user_id).execute();
      return reset.user_id;
    });
  }
}
