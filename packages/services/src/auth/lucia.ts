import type { Db } from '@ilumen/db';
import { type Adapter, type DatabaseSession, type DatabaseUser, Lucia, TimeSpan } from 'lucia';

/** Lucia v3's storage, on our own `sessions` table through Kysely. */
export class KyselySessionAdapter implements Adapter {
  constructor(private readonly db: Db) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as id',
        'sessions.user_id as userId',
        'sessions.expires_at as expiresAt',
        'sessions.ip as ip',
        'sessions.user_agent as userAgent',
        'sessions.kind as kind',
        'sessions.site_id as siteId',
        'sessions.created_at as createdAt',
        'users.email as email',
        'users.active as active',
      ])
      .where('sessions.id', '=', sessionId)
      .executeTakeFirst();
    if (!row) return [null, null];
    return [
      {
        id: row.id,
        userId: row.userId,
        expiresAt: row.expiresAt,
        attributes: {
          ip: row.ip,
          userAgent: row.userAgent,
          kind: row.kind,
          siteId: row.siteId,
          createdAt: row.createdAt,
        },
      },
      { id: row.userId, attributes: { email: row.email, active: row.active } },
    ];
  }

  async getUserSessions(userId: number): Promise<DatabaseSession[]> {
    const rows = await this.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      expiresAt: r.expires_at,
      attributes: {
        ip: r.ip,
        userAgent: r.user_agent,
        kind: r.kind,
        siteId: r.site_id,
        createdAt: r.created_at,
      },
    }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        user_id: session.userId as number,
        expires_at: session.expiresAt,
        ip: session.attributes.ip ?? null,
        user_agent: session.attributes.userAgent?.slice(0, 255) ?? null,
        kind: session.attributes.kind ?? 'user',
        site_id: session.attributes.siteId ?? null,
      })
      .execute();
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ expires_at: expiresAt })
      .where('id', '=', sessionId)
      .execute();
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  async deleteUserSessions(userId: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', new Date()).execute();
  }
}

export const SESSION_COOKIE = 'ilumen_session';

export function createLucia(db: Db, options: { secureCookies: boolean }) {
  return new Lucia(new KyselySessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(30, 'd'),
    sessionCookie: {
      name: SESSION_COOKIE,
      expires: true,
      attributes: { secure: options.secureCookies, sameSite: 'lax' },
    },
    getSessionAttributes: (attributes) => attributes,
    getUserAttributes: (attributes) => ({ email: attributes.email, active: attributes.active }),
  });
}

export type AppLucia = ReturnType<typeof createLucia>;

declare module 'lucia' {
  interface Register {
    Lucia: AppLucia;
    UserId: number;
    DatabaseUserAttributes: { email: string; active: boolean };
    DatabaseSessionAttributes: {
      ip: string | null;
      userAgent: string | null;
      /** 'embed' sessions are opened by an embed link and kept to `siteId` (policy.ts). */
      kind?: 'user' | 'embed';
      siteId?: number | null;
      /** Read back only: an embed session ends a fixed time after it began, however often it is used. */
      createdAt?: Date;
    };
  }
}
