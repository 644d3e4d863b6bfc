// 实时推送: an in-process event bus. The case routes, a patrol finding turned into a case and the sweep's auto-close publish after their change has committed; the SSE route
// (live.routes.ts) and anything else in the process subscribe. One process only: with several server
// processes on one PostgreSQL, each would need to forward its events through LISTEN/NOTIFY (not built; PGlite
// has one process, and one server process is how this is deployed today).
import type { CaseRow } from '../cases/cases.repo.js';

export type LiveEvent =
  | { type: 'case'; action: string; at: Date; case: CaseRow }
  | { type: 'warning'; at: Date; warning: { id: number; rule: string; title: string; severity: string; regionPath: string; caseIds: number[] } };

type Listener = (e: LiveEvent) => void;

export class LiveBus {
  private listeners = new Set<Listener>();
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  publish(e: LiveEvent) {
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
