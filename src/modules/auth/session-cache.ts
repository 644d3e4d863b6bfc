// A short-lived in-process cache of resolved sessions, so a request does not pay five queries to learn who
// is asking. Entries live at most a few seconds of real time; idle and absolute timeouts are still checked
// on every request against the (injectable) clock. Logout, role switch and account changes drop entries
// at once in this process; another server process sees them within the TTL.
import type { SessionUser } from './auth.service.js';

interface Entry {
  user: SessionUser;
  userId: number;
  lastSeen: number;
  lastTouched: number;
  expiresAt: number;
  cachedAt: number;
}

export class SessionCache {
  private entries = new Map<string, Entry>();
  constructor(private readonly ttlMs = 5_000) {}

  get(id: string): Entry | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (Date.now() - e.cachedAt > this.ttlMs) {
      this.entries.delete(id);
      return undefined;
    }
    return e;
  }

  set(id: string, e: Omit<Entry, 'cachedAt'>) {
    if (this.entries.size > 50_000) this.entries.clear();
    this.entries.set(id, { ...e, cachedAt: Date.now() });
  }

  dropToken(id: string) {
    this.entries.delete(id);
  }

  dropUser(userId: number) {
    for (const [k, e] of this.entries) if (e.userId === userId) this.entries.delete(k);
  }
}
