// Security policy (sec_admin): password rules, lockout, session timeouts. Stored in `settings`,
// cached briefly in the process so session checks do not read it on every request.
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';

export const SecurityPolicy = z.object({
  passwordMinLength: z.number().int().min(8).max(64),
  passwordMinClasses: z.number().int().min(2).max(4),
  lockoutThreshold: z.number().int().min(3).max(20),
  lockoutMinutes: z.number().int().min(1).max(1440),
  idleMinutes: z.number().int().min(5).max(480),
  absoluteHours: z.number().int().min(1).max(72),
  deviceTokenDays: z.number().int().min(1).max(365),
});
export type SecurityPolicy = z.infer<typeof SecurityPolicy>;

export const DEFAULT_POLICY: SecurityPolicy = {
  passwordMinLength: 8,
  passwordMinClasses: 3,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  idleMinutes: 30,
  absoluteHours: 12,
  deviceTokenDays: 90,
};

const KEY = 'security.policy';
const TTL_MS = 10_000;

export class PolicyStore {
  private cached?: { at: number; value: SecurityPolicy };
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<SecurityPolicy> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < TTL_MS) return this.cached.value;
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
    const value = { ...DEFAULT_POLICY, ...((row?.value as Partial<SecurityPolicy>) ?? {}) };
    this.cached = { at: now, value };
    return value;
  }

  async set(q: Kysely<DB>, value: SecurityPolicy, by: number) {
    await q
      .insertInto('settings')
      .values({ key: KEY, value: JSON.stringify(value), updatedBy: by, updatedAt: this.clock.now() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedBy: by, updatedAt: this.clock.now() }))
      .execute();
    this.cached = undefined;
  }
}
