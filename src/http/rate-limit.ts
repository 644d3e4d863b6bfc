// A small fixed-window limiter kept in the process (per key, e.g. client address).
import type { Clock } from '../db/business-time.js';
import { AppError, text } from './errors.js';

export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  hit(key: string) {
    const now = this.clock.now().getTime();
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    w.count++;
    if (w.count > this.limit) {
      const retry = Math.ceil((w.start + this.windowMs - now) / 1000);
      throw new AppError('RATE_LIMITED', text('请求过于频繁，请稍后再试', 'too many requests: slow down'), { retryAfter: retry }, { 'retry-after': String(retry) });
    }
  }
}
