// Several server processes on one PostgreSQL: each forwards what its bus publishes through NOTIFY on channel
// fq_live, and LISTENs for the others', so a dashboard connected to any process hears every change. A case
// event carries only the case id (NOTIFY payloads are small and public to the database's users): the
// receiving process reads the case itself and publishes it on its own bus. A process ignores its own
// notifications (the origin id). PGlite is one process: no relay. The LISTEN connection reconnects after an
// error; events published while it is down reach only the local listeners.
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { byIds } from '../cases/cases.repo.js';
import { liveBus, type LiveEvent } from './bus.js';

export const CHANNEL = 'fq_live';
/** This process's id in the notifications (one bus per process, so one origin per process). */
const ORIGIN = randomUUID();

type Wire =
  | { o: string; t: 'case'; id: number; a: string; at: string }
  | { o: string; t: 'warning'; at: string; w: Extract<LiveEvent, { type: 'warning' }>['warning'] };

export function toWire(e: LiveEvent): Wire {
  return e.type === 'case'
    ? { o: ORIGIN, t: 'case', id: e.case.id, a: e.action, at: e.at.toISOString() }
    : { o: ORIGIN, t: 'warning', at: e.at.toISOString(), w: e.warning };
}

export interface Relay {
  stop(): Promise<void>;
  /** resolves once LISTEN is in place (tests wait for it) */
  ready: Promise<void>;
}

const relays = new Map<string, { relay: Relay; users: number }>();

/** Starts (or shares) the relay of this process for one PostgreSQL database. */
export function startRelay(url: string, db: Kysely<DB>): Relay {
  const known = relays.get(url);
  if (known) {
    known.users++;
    return { ready: known.relay.ready, stop: () => release(url) };
  }
  const relay = openRelay(url, db);
  relays.set(url, { relay, users: 1 });
  return { ready: relay.ready, stop: () => release(url) };
}

async function release(url: string) {
  const r = relays.get(url);
  if (!r) return;
  if (--r.users > 0) return;
  relays.delete(url);
  await r.relay.stop();
}

function openRelay(url: string, db: Kysely<DB>): Relay {
  let stopped = false;
  let listener: pg.Client | undefined;
  let sender: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));

  const receive = async (payload: string | undefined) => {
    // nobody in this process listens: nothing to read or deliver
    if (liveBus.size === 0) return;
    let all: Wire[];
    try {
      all = JSON.parse(payload ?? '');
    } catch {
      return;
    }
    if (!Array.isArray(all)) return;
    const theirs = all.filter((w) => w.o !== ORIGIN);
    // the cases of one notification in one query, delivered in the order they were published
    const ids = theirs.flatMap((w) => (w.t === 'case' ? [w.id] : []));
    const cases = new Map((ids.length ? await byIds(db, ids).catch(() => []) : []).map((c) => [Number(c.id), c]));
    for (const w of theirs) {
      if (w.t === 'warning') liveBus.deliver({ type: 'warning', at: new Date(w.at), warning: w.w });
      else {
        const c = cases.get(w.id);
        if (c) liveBus.deliver({ type: 'case', action: w.a, at: new Date(w.at), case: c });
      }
    }
  };

  const connect = async () => {
    if (stopped) return;
    const l = new pg.Client({ connectionString: url });
    const s = new pg.Client({ connectionString: url });
    const again = () => {
      if (stopped || retry) return;
      for (const c of [l, s]) void c.end().catch(() => {});
      if (listener === l) listener = undefined;
      if (sender === s) sender = undefined;
      retry = setTimeout(() => {
        retry = undefined;
        void connect();
      }, 1000);
      retry.unref(); // never what keeps a process alive
    };
    for (const c of [l, s]) {
      c.on('error', again);
      c.on('end', again);
    }
    try {
      await l.connect();
      await s.connect();
      l.on('notification', (m) => void receive(m.payload));
      await l.query(`listen ${CHANNEL}`);
      listener = l;
      sender = s;
      markReady();
    } catch {
      again();
    }
  };

  // events of one tick go out together, as few notifications as fit under NOTIFY's 8,000-byte payload
  let queue: string[] = [];
  const flush = () => {
    const s = sender;
    const out = queue;
    queue = [];
    if (!s) return;
    let chunk: string[] = [];
    let size = 2;
    const send = () => {
      if (chunk.length) void s.query('select pg_notify($1, $2)', [CHANNEL, `[${chunk.join(',')}]`]).catch(() => {});
      chunk = [];
      size = 2;
    };
    for (const w of out) {
      if (size + w.length + 1 > 7000) send();
      chunk.push(w);
      size += w.length + 1;
    }
    send();
  };
  const forward = (e: LiveEvent) => {
    if (!sender) return;
    if (queue.length === 0) setImmediate(flush);
    queue.push(JSON.stringify(toWire(e)));
  };
  const unsubscribe = liveBus.onPublish(forward);
  void connect();

  return {
    ready,
    async stop() {
      stopped = true;
      unsubscribe();
      if (retry) clearTimeout(retry);
      await Promise.all([listener, sender].map((c) => c?.end().catch(() => {})));
    },
  };
}

/** Resolves once this process's relay for the database listens (tests, start-up). */
export function relayReady(url: string): Promise<void> {
  return relays.get(url)?.relay.ready ?? Promise.resolve();
}
