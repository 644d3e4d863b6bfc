// Offline sync, server side: a request sent again with the same Idempotency-Key (the phone retries after a
// lost answer, or replays its queue twice) gets the first answer back and writes nothing twice. The same
// idempotency_keys table as case intake: the key is claimed inside the caller's transaction, so a
// concurrent twin waits on the unique key until the first commits, then replays its answer.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, text } from '../../http/errors.js';

export interface IdemKey {
  scope: string;
  key: string;
  hash: string;
}

/** A canonical JSON text (sorted keys), so the same body hashes the same however it was serialised. */
export const stableJson = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(stableJson).join(',')}]` : v && typeof v === 'object'
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`
    : JSON.stringify(v) ?? 'null';

export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** The request's Idempotency-Key (8–100 characters), or undefined when it has none. */
export function idempotencyKey(req: FastifyRequest, scope: string, content: unknown = req.body): IdemKey | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length < 8 || key.length > 100)
    throw new AppError('VALIDATION', text('Idempotency-Key 须为 8–100 个字符', 'Idempotency-Key must be 8–100 characters'));
  return { scope, key, hash: sha256(Buffer.isBuffer(content) ? content : stableJson(content)) };
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  replayed?: boolean;
}

/**
 * Run `work` once per key inside `trx`: the first call claims the key and stores the answer; a later
 * call with the same key and content gets that answer (replayed), with other content a 422.
 */
export async function once<T>(trx: Kysely<DB>, idem: IdemKey | undefined, work: () => Promise<Answer<T>>): Promise<Answer<T>> {
  if (!idem) return work();
  const claimed = await trx
    .insertInto('idempotencyKeys')
    .values({ scope: idem.scope, key: idem.key, requestHash: idem.hash, status: 0, response: '{}' })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    const prior = await trx.selectFrom('idempotencyKeys').selectAll().where('scope', '=', idem.scope).where('key', '=', idem.key).executeTakeFirstOrThrow();
    if (prior.requestHash !== idem.hash)
      throw new AppError('UNPROCESSABLE', text('同一幂等键用于了不同的请求内容', 'this Idempotency-Key was used with a different request body'), { idempotencyKey: idem.key });
    return { status: prior.status, body: prior.response as T, replayed: true };
  }
  const a = await work();
  await trx.updateTable('idempotencyKeys').set({ status: a.status, response: JSON.stringify(a.body) }).where('scope', '=', idem.scope).where('key', '=', idem.key).execute();
  return a;
}

export const sendAnswer = (reply: FastifyReply, a: Answer) => {
  if (a.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(a.status).send(a.body);
};
