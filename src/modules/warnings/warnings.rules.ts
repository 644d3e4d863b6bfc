// 研判预警 rules: each looks at the cases as they are now and returns the subjects whose condition holds.
// The sweep (warnings.sweep.ts) turns new subjects into warnings and clears those whose condition ended.
// Applicants and respondents are matched on the blind-index columns of case_parties, never on plaintext.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { maskName } from '../personal/index.js';
import { disputeTypeName } from '../cases/cases.codes.js';
import { businessDate } from '../../db/business-time.js';
import { visible } from '../registers/visible.js';

export const RULES = ['type_surge', 'repeat_filer', 'group_dispute', 'petition_deadline', 'key_person_visits'] as const;
export type Rule = (typeof RULES)[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);
/** The thresholds of each rule (administrators change them; defaults in the migration). */
export const RULE_PARAMS = {
  type_surge: z.strictObject({ recentDays: int(1, 60), baselineWeeks: int(1, 52), factor: z.number().min(1).max(20), minCount: int(1, 1000) }),
  repeat_filer: z.strictObject({ windowDays: int(1, 365), minCases: int(2, 100) }),
  group_dispute: z.strictObject({ windowDays: int(1, 365), minHouseholds: int(2, 100) }),
  petition_deadline: z.strictObject({ withinDays: int(1, 60) }),
  key_person_visits: z.strictObject({ overdueDays: int(0, 365), minPersons: int(1, 1000) }),
} satisfies Record<Rule, z.ZodType>;
export type RuleParams = { [R in Rule]: z.infer<(typeof RULE_PARAMS)[R]> };

export const RULE_NAMES: Record<Rule, { zh: string; en: string }> = {
  type_surge: { zh: '纠纷类型异常上升', en: 'dispute type rising above its baseline' },
  repeat_filer: { zh: '同一人/同一电话反复反映', en: 'the same person or phone filing repeatedly' },
  group_dispute: { zh: '多户与同一方发生纠纷（疑似群体性）', en: 'several households against the same party (possible group event)' },
  petition_deadline: { zh: '信访件临近办理期限', en: 'petition close to its deadline' },
  key_person_visits: { zh: '重点人员走访逾期', en: 'key persons with missed visits' },
};

/** A subject whose condition holds now. `key` names the episode: the same subject keeps the same key. */
export interface Finding {
  key: string;
  title: string;
  severity: 'yellow' | 'red';
  regionId: number;
  regionPath: string;
  caseIds: number[];
  details: Record<string, unknown>;
}

const DAY = 86_400_000;
const ids = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : String(v ?? '').replace(/[{}]/g, '').split(',').filter(Boolean).map(Number)).sort((a, b) => a - b);

/** A dispute type in a grid (the case's own grid) or a village, over `recentDays`, against the weeks before. */
async function typeSurge(db: Kysely<DB>, p: RuleParams['type_surge'], now: Date): Promise<Finding[]> {
  const recentFrom = new Date(now.getTime() - p.recentDays * DAY);
  const baseFrom = new Date(recentFrom.getTime() - p.baselineWeeks * 7 * DAY);
  const rows = await sql<{ regionId: number; path: string; name: string; level: string; type: string; recent: number; baseline: number; caseIds: unknown }>`
    with c as (
      select c.id, substr(c.dispute_type, 1, 2) as type, c.created_at, c.place_path, c.place_region_id
      from cases c
      where c.category = 'dispute' and c.dispute_type is not null and c.status not in ('merged', 'rejected')
        and c.created_at >= ${baseFrom} and c.created_at <= ${now}
    )
    select r.id as region_id, r.path, r.name, r.level, c.type,
      count(*) filter (where c.created_at >= ${recentFrom})::int as recent,
      count(*) filter (where c.created_at < ${recentFrom})::int as baseline,
      array_agg(c.id) filter (where c.created_at >= ${recentFrom}) as case_ids
    from c join regions r on r.id = any(string_to_array(trim(both '/' from c.place_path), '/')::bigint[])
      and (r.level = 'village' or (r.id = c.place_region_id and r.level like 'grid%'))
    group by r.id, r.path, r.name, r.level, c.type`.execute(db);
  const scale = p.recentDays / (p.baselineWeeks * 7);
  const hits = rows.rows.filter((r) => r.recent >= p.minCount && r.recent > p.factor * r.baseline * scale);
  // a village is named only when none of its grids already is, for the same type
  const gridHits = hits.filter((h) => h.level !== 'village');
  return hits
    .filter((h) => h.level !== 'village' || !gridHits.some((g) => g.type === h.type && g.path.startsWith(h.path)))
    .map((h) => {
      const expected = Math.round(h.baseline * scale * 10) / 10;
      return {
        key: `type_surge:${h.regionId}:${h.type}`,
        title: `${h.name}「${disputeTypeName(h.type) ?? h.type}」纠纷近${p.recentDays}天${h.recent}件，高于此前常态（约${expected}件）`,
        severity: h.recent >= 2 * p.factor * Math.max(expected, 1) ? 'red' : 'yellow',
        regionId: h.regionId,
        regionPath: h.path,
        caseIds: ids(h.caseIds),
        details: { disputeType: h.type, recent: h.recent, baseline: h.baseline, expected, recentDays: p.recentDays, baselineWeeks: p.baselineWeeks, factor: p.factor },
      };
    });
}

/** One applicant (by phone or ID number blind index) behind `minCases` cases within `windowDays`. */
async function repeatFiler(db: Kysely<DB>, p: RuleParams['repeat_filer'], now: Date): Promise<Finding[]> {
  const from = new Date(now.getTime() - p.windowDays * DAY);
  const rows = await sql<{ k: string; n: number; caseIds: unknown; lastId: number }>`
    with a as (
      select case_id, 'phone:' || phone_index as k from case_parties where role = 'applicant' and phone_index is not null
      union
      select case_id, 'id:' || id_number_index from case_parties where role = 'applicant' and id_number_index is not null
    )
    select a.k, count(distinct c.id)::int as n, array_agg(distinct c.id) as case_ids, max(c.id) as last_id
    from a join cases c on c.id = a.case_id
    where c.created_at >= ${from} and c.created_at <= ${now} and c.status <> 'merged'
    group by a.k having count(distinct c.id) >= ${p.minCases}`.execute(db);
  if (!rows.rows.length) return [];
  const last = await db.selectFrom('cases').innerJoin('regions', 'regions.id', 'cases.placeRegionId')
    .select(['cases.id', 'cases.applicantPhone4', 'regions.id as regionId', 'regions.path', 'regions.name'])
    .where('cases.id', 'in', rows.rows.map((r) => Number(r.lastId))).execute();
  const seen = new Set<string>();
  const out: Finding[] = [];
  // phone before ID number: a person found both ways is one warning
  for (const r of [...rows.rows].sort((a, b) => (a.k < b.k ? 1 : -1))) {
    const caseIds = ids(r.caseIds);
    if (seen.has(caseIds.join(','))) continue;
    seen.add(caseIds.join(','));
    const l = last.find((x) => x.id === Number(r.lastId))!;
    const by = r.k.startsWith('phone:') ? `电话尾号${l.applicantPhone4 ?? '****'}` : '同一证件号';
    out.push({
      key: `repeat_filer:${r.k}`,
      title: `同一申请人（${by}）近${p.windowDays}天反映${r.n}次，最近一次在${l.name}`,
      severity: r.n >= 2 * p.minCases ? 'red' : 'yellow',
      regionId: l.regionId,
      regionPath: l.path,
      caseIds,
      details: { matchedBy: r.k.startsWith('phone:') ? 'phone' : 'id_number', cases: r.n, windowDays: p.windowDays },
    });
  }
  return out;
}

/** `minHouseholds` different applicants in one village against the same respondent within `windowDays`. */
async function groupDispute(db: Kysely<DB>, p: RuleParams['group_dispute'], now: Date): Promise<Finding[]> {
  const from = new Date(now.getTime() - p.windowDays * DAY);
  const rows = await sql<{ regionId: number; path: string; name: string; k: string; kind: string; party: string; households: number; caseIds: unknown }>`
    with resp as (
      select case_id, kind, name, coalesce('id:' || id_number_index, 'phone:' || phone_index, 'name:' || md5(kind || ':' || name)) as k
      from case_parties where role = 'respondent'
    ), app as (
      select case_id, coalesce('id:' || id_number_index, 'phone:' || phone_index, 'case:' || case_id) as household
      from case_parties where role = 'applicant'
    )
    select v.id as region_id, v.path, v.name, resp.k, min(resp.kind) as kind, min(resp.name) as party,
      count(distinct app.household)::int as households, array_agg(distinct c.id) as case_ids
    from cases c
      join resp on resp.case_id = c.id
      join app on app.case_id = c.id
      join regions v on v.id = any(string_to_array(trim(both '/' from c.place_path), '/')::bigint[]) and v.level = 'village'
    where c.created_at >= ${from} and c.created_at <= ${now} and c.status not in ('merged', 'rejected')
    group by v.id, v.path, v.name, resp.k
    having count(distinct app.household) >= ${p.minHouseholds}`.execute(db);
  return rows.rows.map((r) => ({
    key: `group_dispute:${r.regionId}:${r.k}`,
    title: `${r.name}${r.households}户与同一方（${r.kind === 'person' ? maskName(r.party) : r.party}）发生纠纷，疑似群体性事件`,
    severity: 'red' as const,
    regionId: r.regionId,
    regionPath: r.path,
    caseIds: ids(r.caseIds),
    details: { households: r.households, windowDays: p.windowDays },
  }));
}

/** Petitions still being accepted or handled whose stage deadline is within `withinDays` (or passed). */
async function petitionDeadline(db: Kysely<DB>, p: RuleParams['petition_deadline'], now: Date): Promise<Finding[]> {
  const rows = await db.selectFrom('cases').innerJoin('regions', 'regions.id', 'cases.placeRegionId')
    .select(['cases.id', 'cases.caseNumber', 'cases.title', 'cases.stageSeq', 'cases.stageDueAt', 'regions.id as regionId', 'regions.path'])
    .where('cases.category', '=', 'petition')
    .where('cases.stage', 'in', ['accept', 'handle'])
    .where('cases.stageDueAt', '<=', new Date(now.getTime() + p.withinDays * DAY))
    .execute();
  return rows.map((r) => {
    const left = Math.ceil((r.stageDueAt!.getTime() - now.getTime()) / DAY);
    return {
      key: `petition_deadline:${r.id}:${r.stageSeq}`,
      title: left > 0 ? `信访件 ${r.caseNumber} 距办理期限不足${left}天：${r.title}` : `信访件 ${r.caseNumber} 已超过办理期限：${r.title}`,
      severity: left > 1 ? 'yellow' : 'red',
      regionId: r.regionId,
      regionPath: r.path,
      caseIds: [r.id],
      details: { caseNumber: r.caseNumber, dueAt: r.stageDueAt, withinDays: p.withinDays },
    } satisfies Finding;
  });
}

/** A village with at least `minPersons` active key persons whose next visit is more than `overdueDays` late. */
async function keyPersonVisits(db: Kysely<DB>, p: RuleParams['key_person_visits'], now: Date): Promise<Finding[]> {
  const cutoff = businessDate(new Date(now.getTime() - p.overdueDays * DAY), 'Asia/Shanghai');
  const rows = await sql<{ regionId: number; path: string; name: string; n: number; ids: unknown; red: boolean }>`
    select v.id as region_id, v.path, v.name, count(distinct k.id)::int as n, array_agg(distinct k.id) as ids, bool_or(k.risk = 'red') as red
    from keypersons k
      join regions g on g.id = k.grid_id
      join regions v on v.id = any(string_to_array(trim(both '/' from g.path), '/')::bigint[]) and v.level = 'village'
    where k.status = 'active' and k.next_due_on < ${cutoff}::date and ${visible('k')}
    group by v.id, v.path, v.name
    having count(distinct k.id) >= ${p.minPersons}`.execute(db);
  return rows.rows.map((r) => ({
    key: `key_person_visits:${r.regionId}`,
    title: `${r.name}有${r.n}名重点人员走访逾期超过${p.overdueDays}天`,
    severity: r.red ? 'red' : 'yellow',
    regionId: r.regionId,
    regionPath: r.path,
    caseIds: [],
    details: { keypersonIds: ids(r.ids), persons: r.n, overdueDays: p.overdueDays },
  }));
}

export const DETECT: { [R in Rule]: (db: Kysely<DB>, p: RuleParams[R], now: Date) => Promise<Finding[]> } = {
  type_surge: typeSurge,
  repeat_filer: repeatFiler,
  group_dispute: groupDispute,
  petition_deadline: petitionDeadline,
  key_person_visits: keyPersonVisits,
};
