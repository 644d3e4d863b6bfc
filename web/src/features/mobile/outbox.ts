// What the phone made without network waits here (IndexedDB) and is sent when the network returns.
// Every request carries an Idempotency-Key derived from the item, so a retry after a lost answer (or a
// second flush) cannot write anything twice: the server replays its first answer.
import { MobileError, mobileFetch } from './device';

export interface PatrolItem {
  id: string;
  kind: 'patrol';
  createdAt: string;
  title: string;
  body: { gridCode: string; startedAt: string; endedAt: string; route: { lat: number; lng: number; at: string }[]; answers: Record<string, { ok: boolean; note?: string }>; notes?: string; findings: { description: string; lat?: number; lng?: number }[] };
  photos: { finding: number; name: string; blob: Blob }[];
  cases: { finding: number; applicantPhone: string }[];
  /** progress made so far, so a resumed flush continues where it stopped */
  done: { patrolId?: number; findingIds?: number[]; photos: number; cases: number; caseNumbers: string[] };
  error?: string;
}

/** A photo kept on the phone until it is sent. */
export interface QueuedPhoto {
  name: string;
  blob: Blob;
}

export interface ReportItem {
  id: string;
  kind: 'report';
  createdAt: string;
  title: string;
  body: Record<string, unknown>;
  /** sent to the case's attachments once the case is accepted (absent in items queued by older versions) */
  photos?: QueuedPhoto[];
  done: { caseNumbers: string[]; caseId?: number; photos?: number };
  error?: string;
}

export interface VisitItem {
  id: string;
  kind: 'visit';
  createdAt: string;
  title: string;
  keypersonId: number;
  body: { visitedOn: string; findings: string };
  /** uploaded first (each with its own Idempotency-Key); the visit then names them, as the desk app does */
  photos?: QueuedPhoto[];
  done: { caseNumbers: string[]; photoNames?: string[] };
  error?: string;
}

export type OutboxItem = PatrolItem | ReportItem | VisitItem;

const DB = 'fq-mobile';
const STORE = 'outbox';
const listeners = new Set<() => void>();
export const onOutboxChange = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
// Other tabs of the app share the queue (one IndexedDB): they hear of every change, so a tab does not keep
// showing an item another tab has sent.
const tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('fq-outbox');
if (tabs) tabs.onmessage = () => listeners.forEach((l) => l());
const changed = () => {
  listeners.forEach((l) => l());
  tabs?.postMessage('changed');
};

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'id' });
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const r = f(t.objectStore(STORE));
    t.oncomplete = () => {
      db.close();
      resolve(r.result);
    };
    t.onerror = () => reject(t.error);
  });
}

export const listOutbox = () => tx<OutboxItem[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>).then((l) => l.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
const put = (item: OutboxItem) => tx('readwrite', (s) => s.put(item));
export const removeItem = async (id: string) => {
  await tx('readwrite', (s) => s.delete(id));
  changed();
};

export async function enqueue(item: OutboxItem) {
  await put(item);
  changed();
  void flush();
}

type Flushed = { sent: number; stopped?: string };
let running: Promise<Flushed> | null = null;
/** One tab sends at a time (Web Locks; a browser without them relies on the Idempotency-Keys alone). */
const exclusive = (f: () => Promise<Flushed>): Promise<Flushed> => (navigator.locks ? navigator.locks.request('fq-outbox-flush', f).then((r) => r) : f());
/** A flush asked for while one runs (e.g. the network came back during a send that is failing): run once more after it. */
let again = false;

/** Send what waits, oldest first; stops at the first network failure (to try again later). */
export function flush(): Promise<Flushed> {
  if (running) {
    again = true;
    return running;
  }
  running = exclusive(async () => {
    let sent = 0;
    try {
      for (const item of await listOutbox()) {
        try {
          const caseNumbers = await send(item);
          sent++;
          await tx('readwrite', (s) => s.delete(item.id));
          sentLog.unshift({ id: item.id, title: item.title, at: new Date().toISOString(), caseNumbers });
          changed();
        } catch (e) {
          if (e instanceof MobileError && e.status !== 0 && e.status !== 401 && e.status < 500) {
            item.error = e.message; // the server refused it: show it, keep it for the worker to fix or drop
            await put(item);
            changed();
            continue;
          }
          // no answer although the phone says it is online (a request that hung and timed out, a server
          // restarting): try again shortly rather than at the next 30 s tick
          if (navigator.onLine) retrySoon();
          return { sent, stopped: (e as Error).message };
        }
      }
      return { sent };
    } finally {
      running = null;
      if (again) {
        again = false;
        void flush();
      }
    }
  });
  return running;
}

let retryTimer: ReturnType<typeof setTimeout> | undefined;
const retrySoon = () => {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => navigator.onLine && void flush(), 3_000);
};

/** What was sent in this session, for the 我的 tab. */
export const sentLog: { id: string; title: string; at: string; caseNumbers: string[] }[] = [];

/** Photos not sent yet, for the 待同步 list. */
export function photosLeft(item: OutboxItem): number {
  if (item.kind === 'patrol') return item.photos.length - item.done.photos;
  if (item.kind === 'visit') return (item.photos?.length ?? 0) - (item.done.photoNames?.length ?? 0);
  return (item.photos?.length ?? 0) - (item.done.photos ?? 0);
}

const photoForm = (p: QueuedPhoto) => {
  const form = new FormData();
  form.append('file', p.blob, p.name);
  return form;
};

async function send(item: OutboxItem): Promise<string[]> {
  if (item.kind === 'report') {
    const d = item.done;
    if (!d.caseId) {
      const c = (await mobileFetch('/api/cases', { body: item.body, key: item.id })) as { id: number; caseNumber: string };
      d.caseId = c.id;
      d.caseNumbers = [c.caseNumber];
      d.photos = 0;
      await put(item);
    }
    const photos = item.photos ?? [];
    for (let i = d.photos ?? 0; i < photos.length; i++) {
      await mobileFetch(`/api/cases/${d.caseId}/attachments`, { form: photoForm(photos[i]), key: `${item.id}-p${i}` });
      d.photos = i + 1;
      await put(item);
    }
    return d.caseNumbers;
  }
  if (item.kind === 'visit') {
    const names = (item.done.photoNames ??= []);
    const photos = item.photos ?? [];
    while (names.length < photos.length) {
      const i = names.length;
      const r = (await mobileFetch(`/api/keypersons/${item.keypersonId}/photos`, { form: photoForm(photos[i]), key: `${item.id}-p${i}` })) as { photo: string };
      names.push(r.photo);
      await put(item);
    }
    await mobileFetch(`/api/keypersons/${item.keypersonId}/visits`, { body: photos.length ? { ...item.body, photos: names } : item.body, key: item.id });
    return [];
  }
  const d = item.done;
  if (!d.patrolId) {
    const r = (await mobileFetch('/api/patrols', { body: item.body, key: item.id })) as { id: number; findings: { id: number }[] };
    d.patrolId = r.id;
    d.findingIds = r.findings.map((f) => f.id);
    await put(item);
  }
  for (; d.photos < item.photos.length; d.photos++) {
    const p = item.photos[d.photos];
    const form = photoForm(p);
    const findingId = d.findingIds?.[p.finding];
    await mobileFetch(`/api/patrols/${d.patrolId}/photos${findingId ? `?findingId=${findingId}` : ''}`, { form, key: `${item.id}-p${d.photos}` });
    await put(item);
  }
  for (; d.cases < item.cases.length; d.cases++) {
    const c = item.cases[d.cases];
    const r = (await mobileFetch(`/api/patrols/${d.patrolId}/findings/${d.findingIds![c.finding]}/case`, { body: { applicantPhone: c.applicantPhone }, key: `${item.id}-c${d.cases}` })) as { caseNumber: string };
    d.caseNumbers.push(r.caseNumber);
    await put(item);
  }
  return d.caseNumbers;
}

const EXT: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp' };
/** The photo as the server takes it: a name ending in .jpg/.png/.webp (a camera may give "image" or a blob). */
export function queuedPhoto(f: File): QueuedPhoto {
  const name = /\.(jpe?g|png|webp)$/i.test(f.name) ? f.name : `${(f.name || 'photo').replace(/\.[^.]*$/, '')}${EXT[f.type] ?? '.jpg'}`;
  return { name, blob: f };
}

export const newId = () => `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
