import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTIONS, STATES, TRANSITIONS, allowedActions, check, nextState, type CaseFacts, type CaseState, type Relation } from './cases.workflow.js';

const base: CaseFacts = { status: 'reported', level: 'village', satisfaction: null, reopened: false, hasParentOffice: true };
const ALL: Relation[] = ['office', 'unit', 'county_center', 'leader', 'summoned'];
const OPEN = ['reported', 'filed', 'assigned', 'in_progress', 'to_verify', 'verified'];

// the expected table, written out by hand from DOMAIN §3: (state, action) → who may
const EXPECTED: Record<string, Relation[]> = {
  'reported file': ['office'], 'reported reject': ['office'], 'reported merge': ['office'], 'reported escalate': ['office'], 'reported take_over': ['county_center'],
  'filed assign': ['office'], 'filed escalate': ['office'], 'filed take_over': ['county_center'],
  'assigned start': ['unit'], 'assigned return': ['unit'], 'assigned take_over': ['county_center'],
  'in_progress feedback': ['unit'], 'in_progress return': ['unit'], 'in_progress escalate': ['unit'], 'in_progress take_over': ['county_center'],
  'to_verify verify': ['office'],
  'verified rate': ['office'], 'verified close': ['office'],
  'closed reopen': ['office'], 'closed archive': ['office'],
  // 限期处理: no state change
  ...Object.fromEntries(OPEN.flatMap((st) => [
    [`${st} supervise`, ['leader']], [`${st} reply_supervision`, ['unit', 'office']], [`${st} urge`, ['assigned', 'in_progress'].includes(st) ? ['leader', 'office'] : ['leader']], [`${st} report_in`, ['summoned']],
  ])),
  'in_progress request_extension': ['unit'], 'in_progress decide_extension': ['office', 'leader'],
  'filed whistle': ['office'], 'assigned whistle': ['office'], 'in_progress whistle': ['office'],
  // 信访复查、复核 after the conclusion
  'closed request_review': ['office'], 'closed decide_review': ['office'], 'closed request_rereview': ['office'], 'closed decide_rereview': ['office'],
};
/** where a petition's review must stand for each review step's guard to pass */
const PETITION_OK: Partial<Record<string, Partial<CaseFacts>>> = {
  request_review: { petition: true, review: 'none', rereview: 'none' },
  decide_review: { petition: true, review: 'pending', rereview: 'none' },
  request_rereview: { petition: true, review: 'decided', rereview: 'none' },
  decide_rereview: { petition: true, review: 'decided', rereview: 'pending' },
};
/** the facts under which each action's guard passes */
const GUARD_OK: Partial<CaseFacts> = { openSupervision: true, pendingSummons: true };

describe('the transition table', () => {
  it('allows exactly the (state, action, who) triples of DOMAIN §3 and refuses every other pair', () => {
    for (const status of STATES)
      for (const action of ACTIONS)
        for (const who of ALL) {
          const f: CaseFacts = { ...base, ...GUARD_OK, ...PETITION_OK[action], status, satisfaction: 'dissatisfied', pendingExtension: action === 'decide_extension' };
          const r = check(f, action, [who]);
          const expected = EXPECTED[`${status} ${action}`]?.includes(who) ?? false;
          expect(r.ok, `${status} ${action} by ${who}`).toBe(expected);
          if (!r.ok) {
            const anyone = EXPECTED[`${status} ${action}`];
            expect(r.why, `${status} ${action} by ${who}`).toBe(anyone ? 'who' : 'state');
          }
        }
  });
  it('guards of 信访复查、复核: petitions only, one review, one re-review after a decided review; no archiving while one is pending', () => {
    const f: CaseFacts = { ...base, status: 'closed', petition: true, review: 'none', rereview: 'none' };
    expect(check({ ...f, petition: false }, 'request_review', ['office'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check({ ...f, review: 'pending' }, 'request_review', ['office'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check(f, 'request_rereview', ['office'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check({ ...f, review: 'decided', rereview: 'decided' }, 'request_rereview', ['office'])).toMatchObject({ ok: false, why: 'guard', message: 'the re-review was already done' });
    expect(check({ ...f, review: 'pending' }, 'archive', ['office'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check({ ...f, review: 'decided', rereview: 'decided' }, 'archive', ['office']).ok).toBe(true);
  });
  it('verify decides between verified and rework', () => {
    const t = TRANSITIONS.find((x) => x.action === 'verify')!;
    expect(nextState(t, { ...base, status: 'to_verify' }, { passed: true })).toBe('verified');
    expect(nextState(t, { ...base, status: 'to_verify' }, { passed: false })).toBe('in_progress');
  });
  it('guards of 限期处理: one pending extension at a time, replies only to an open order, report-in only when summoned, 吹哨 at the village', () => {
    const f = { ...base, status: 'in_progress' as CaseState };
    expect(check({ ...f, pendingExtension: true }, 'request_extension', ['unit'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check(f, 'decide_extension', ['office'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check(f, 'reply_supervision', ['unit'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check(f, 'report_in', ['summoned'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check({ ...f, level: 'town' }, 'whistle', ['office'])).toMatchObject({ ok: false, why: 'guard' });
    expect(nextState(TRANSITIONS.find((t) => t.action === 'supervise')!, f, {})).toBe('in_progress');
  });
  it('guards: reopen once and only after 不满意; no escalation above the top office; no take-over at the county', () => {
    expect(check({ ...base, status: 'closed', satisfaction: 'satisfied' }, 'reopen', ['office'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check({ ...base, status: 'closed', satisfaction: 'dissatisfied', reopened: true }, 'reopen', ['office'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check({ ...base, status: 'closed', satisfaction: 'dissatisfied' }, 'reopen', ['office']).ok).toBe(true);
    expect(check({ ...base, hasParentOffice: false }, 'escalate', ['office'])).toMatchObject({ ok: false, why: 'guard' });
    expect(check({ ...base, level: 'county' }, 'take_over', ['county_center'])).toMatchObject({ ok: false, why: 'guard' });
  });
  it('terminal states allow nothing', () => {
    for (const s of ['archived', 'rejected', 'merged'] as CaseState[]) expect(allowedActions({ ...base, ...GUARD_OK, status: s }, ALL)).toEqual([]);
  });
});

describe('random walks through the loop (property)', () => {
  const step = fc.record({ action: fc.constantFrom(...ACTIONS), who: fc.constantFrom(...ALL), passed: fc.boolean(), sat: fc.constantFrom('satisfied', 'dissatisfied', null) });
  it('the state is always valid, and every reachable state can still reach archived (or is terminal)', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let f: CaseFacts = { ...base };
        for (const s of steps) {
          const r = check(f, s.action, [s.who]);
          if (!r.ok) continue;
          const to = nextState(r.transition, f, { passed: s.passed });
          f = {
            ...f,
            status: to,
            satisfaction: s.action === 'rate' ? s.sat : s.action === 'reopen' ? null : f.satisfaction,
            reopened: f.reopened || s.action === 'reopen',
            level: s.action === 'take_over' ? 'county' : f.level,
          };
          expect(STATES).toContain(f.status);
        }
        expect(canReachArchive(f)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

/** Breadth-first search over the table with every relation, as the office/unit would act. */
function canReachArchive(start: CaseFacts): boolean {
  if (['archived', 'rejected', 'merged'].includes(start.status)) return true;
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const f = queue.shift()!;
    if (f.status === 'archived') return true;
    const k = JSON.stringify(f);
    if (seen.has(k)) continue;
    seen.add(k);
    for (const a of allowedActions(f, ALL)) {
      const t = check(f, a, ALL);
      if (!t.ok) continue;
      for (const passed of [true, false]) queue.push({ ...f, status: nextState(t.transition, f, { passed }) });
    }
  }
  return false;
}
