// 实时推送: the process's event bus. The case routes, a patrol finding turned into a case and the sweep's
// auto-close publish after their change has committed; the SSE route (live.routes.ts) and anything else in
// the process subscribe. On PostgreSQL, relay.ts forwards what is published here to the other server
// processes (NOTIFY) and delivers theirs here (`deliver`, which does not forward again).
import type { CaseRow } from '../cases/cases.repo.js';

export type LiveEvent =
  | { type: 'case'; action: string; at: Date; case: CaseRow }
  | { type: 'warning'; at: Date; warning: { id: number; rule: string; title: string; severity: string; regionPath: string; caseIds: number[] } };

type Listener = (e: LiveEvent) => void;

export class LiveBus {
  private listeners = new Set<Listener>();
  private forwarders = new Set<Listener>();
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  /** Something that carries this process's events further (the relay); not called for delivered ones. */
  onPublish(f: Listener): () => void {
    this.forwarders.add(f);
    return () => this.forwarders.delete(f);
  }
  /** An event of this process: to the local listeners and the forwarders. */
  publish(e: LiveEvent) {
    this.deliver(e);
    for (const f of this.forwarders) {
      try {
        f(e);
      } catch {
        // forwarding is best effort; the local listeners have it
      }
    }
  }
  /** An event to the local listeners only (one that came from another process). */
  deliver(e: LiveEvent) {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a listener's failure (a closed socket) never reaches the publisher
      }
    }
  }
  get size() {
    return this.listeners.size;
  }
}

/** The process's bus. */
export const liveBus = new LiveBus();

/** The one-line hook the case routes call after a change committed; a replayed request has no row. */
export function publishCase(c: CaseRow | undefined | null, action: string, at = new Date()) {
  if (c) liveBus.publish({ type: 'case', action, at, case: c });
}
