// What intake reads on every request but an administrator rarely changes — a place by its code, the offices
// and ancestors of a place, the landing table, deadline rules, the working-day calendar — kept in the
// process. Any successful write request other than an intake drops the whole cache before its answer is
// sent, so the next intake in this process sees the change; another server process sees it within TTL_MS
// (docs/PERFORMANCE.md). Values are memoised promises: concurrent first requests share one load.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export const TTL_MS = 3_000;
const MAX_ENTRIES = 20_000;

export class IntakeCache {
  private entries = new Map<string, Promise<unknown>>();
  private born = Date.now();
  private generation = 0;
  constructor(private readonly ttlMs = TTL_MS) {}

  invalidate() {
    this.entries = new Map();
    this.born = Date.now();
    this.generation++;
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (Date.now() - this.born > this.ttlMs || this.entries.size > MAX_ENTRIES) this.invalidate();
    const entries = this.entries;
    let p = entries.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      entries.set(key, p);
      // a failed load is not remembered
      p.catch(() => entries.get(key) === p && entries.delete(key));
    }
    return p;
  }

  /** A pure computation memoised under the same invalidation (e.g. a deadline for a day). */
  memo<T>(key: string, compute: () => T): T {
    if (Date.now() - this.born > this.ttlMs) this.invalidate();
    const hit = this.sync.get(key);
    if (hit && hit.generation === this.generation) return hit.value as T;
    if (this.sync.size > MAX_ENTRIES) this.sync.clear();
    const value = compute();
    this.sync.set(key, { generation: this.generation, value });
    return value;
  }
  private sync = new Map<string, { generation: number; value: unknown }>();
}

const caches = new WeakMap<object, IntakeCache>();

/** The cache of one database (tests build many apps in one process, each with its own database). */
export function intakeCache(db: Kysely<DB>): IntakeCache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new IntakeCache()));
  return c;
}

const INTAKE_ROUTES = new Set(['/api/cases', '/api/public/cases']);

/** Drop the cache after any write request that may have changed what it holds (everything but an intake). */
export function installIntakeCacheInvalidation(app: FastifyInstance, db: Kysely<DB>) {
  app.addHook('onSend', async (req, _reply, payload) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return payload;
    if (req.method === 'POST' && INTAKE_ROUTES.has(req.routeOptions.url ?? '')) return payload;
    intakeCache(db).invalidate();
    return payload;
  });
}
