import { describe, expect, it } from 'vitest';
import { checkValues, FieldDefs, nextDue, overdueKind, type FieldDef } from './keypersons.fields.js';

const defs: FieldDef[] = [
  { key: 'correctionType', label: '矫正类别', type: 'enum', options: ['管制', '缓刑', '假释', '暂予监外执行'], required: true, sensitive: true },
  { key: 'startDate', label: '起始日', type: 'date', required: true },
  { key: 'dangerLevel', label: '危险性', type: 'int', min: 0, max: 5 },
  { key: 'note', label: '备注', type: 'text' },
];

describe('category fields', () => {
  it('splits plain attributes from sealed facts', () => {
    const r = checkValues(defs, { correctionType: '假释', startDate: '2026-02-28', dangerLevel: '3' });
    expect(r).toEqual({ ok: true, attributes: { startDate: '2026-02-28', dangerLevel: 3 }, facts: { correctionType: '假释' } });
  });
  it('names every bad field', () => {
    const r = checkValues(defs, { correctionType: '劳教', startDate: '2026-02-30', dangerLevel: 6, extra: 1 });
    expect(r.ok).toBe(false);
    const cols = r.ok ? [] : r.errors.map((e) => e.column);
    expect(cols).toEqual(expect.arrayContaining(['fields.correctionType', 'fields.startDate', 'fields.dangerLevel', 'fields.extra']));
  });
  it('rejects definitions with duplicate keys or an enum without options', () => {
    expect(FieldDefs.safeParse([{ key: 'a', label: 'A', type: 'text' }, { key: 'a', label: 'B', type: 'text' }]).success).toBe(false);
    expect(FieldDefs.safeParse([{ key: 'a', label: 'A', type: 'enum' }]).success).toBe(false);
  });
});

describe('visit schedule', () => {
  const days = { green: 90, yellow: 30, red: 7 };
  it('next due is the last visit plus the frequency for the risk', () => {
    expect(nextDue('2026-11-28', days, 'red')).toBe('2026-12-05');
    expect(nextDue('2026-12-31', days, 'yellow')).toBe('2027-01-30');
    expect(nextDue('2026-02-28', days, 'green')).toBe('2026-05-29');
  });
  it('missed: yellow first, red for a red-risk person or a whole period late; nothing on the due day', () => {
    expect(overdueKind('2026-12-05', '2026-12-05', 'yellow', days)).toBeNull();
    expect(overdueKind('2026-12-05', '2026-12-06', 'yellow', days)).toBe('yellow');
    expect(overdueKind('2026-12-05', '2026-12-06', 'red', days)).toBe('red');
    expect(overdueKind('2026-12-05', '2027-01-04', 'yellow', days)).toBe('red');
    expect(overdueKind('2026-12-05', '2027-01-03', 'yellow', days)).toBe('yellow');
  });
});
