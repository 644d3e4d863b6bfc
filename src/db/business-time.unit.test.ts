import { describe, expect, it } from 'vitest';
import { businessDate, businessDateTime } from './business-time.js';

describe('business dates are Beijing days', () => {
  it('07:30 in Beijing (23:30 UTC the evening before) is still that day', () => {
    const t = new Date('2026-05-01T07:30:00+08:00');
    expect(t.toISOString().slice(0, 10)).toBe('2026-04-30');
    expect(businessDate(t, 'Asia/Shanghai')).toBe('2026-05-01');
    expect(businessDateTime(t, 'Asia/Shanghai')).toBe('2026-05-01 07:30');
  });
  it('23:59 Beijing is the same day, 00:00 the next', () => {
    expect(businessDate(new Date('2026-12-31T23:59:59+08:00'), 'Asia/Shanghai')).toBe('2026-12-31');
    expect(businessDate(new Date('2027-01-01T00:00:00+08:00'), 'Asia/Shanghai')).toBe('2027-01-01');
  });
});
