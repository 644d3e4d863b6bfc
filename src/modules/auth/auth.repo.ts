import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Q = Kysely<DB>;

export const userByUsername = (q: Q, username: string) =>
  q.selectFrom('users').selectAll().where(sql<string>`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();

export const userById = (q: Q, id: number) => q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const insertUser = (q: Q, u: { username: string; displayName: string; passwordHash: string; roles: string[]; regionId: number | null; mustChangePassword?: boolean }) =>
  q.insertInto('users').values(u).returning(['id']).executeTakeFirstOrThrow();

export const insertSession = (q: Q, s: { id: string; userId: number; activeRole: string; expiresAt: Date; lastSeenAt: Date; ip: string | null }) =>
  q.insertInto('sessions').values(s).execute();

export const sessionWithUser = (q: Q, id: string) =>
  q
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'sessions.id as sessionId', 'sessions.activeRole', 'sessions.createdAt as sessionCreatedAt', 'sessions.lastSeenAt',
      'sessions.expiresAt', 'users.id', 'users.username', 'users.displayName', 'users.roles', 'users.regionId', 'users.status',
      'users.mustChangePassword',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();

export const touchSession = (q: Q, id: string, at: Date) => q.updateTable('sessions').set({ lastSeenAt: at }).where('id', '=', id).execute();

export const deleteSession = (q: Q, id: string) => q.deleteFrom('sessions').where('id', '=', id).execute();
