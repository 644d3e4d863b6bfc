// The plan of the demo cases (pure, deterministic for a given seed, day and calendar): for each case, where
// and how it came in, what it is about, and the steps its offices and units take, each at a time on the
// business calendar (staff act on working days, in office hours; phone and online reports come any day).
// Steps after `now` are left out, so the newest cases are still on their way; a few are planned to stall
// (overdue), to be supervised, extended, reworked, reopened, refused or merged. `expected` is what the plan
// makes of each case (its final state and level), which the seeded database must show.
import { businessDate } from '../db/business-time.js';
import { addCalendarDays, addDays, endOfDay, isWorkingDay, type Calendar } from '../modules/calendar/calendar.js';
import { LANDING, type Channel, type Level } from '../modules/cases/cases.codes.js';
import { rng } from './people.js';
import { GIVEN, MONGOLIAN, REASONS, SURNAMES, TOPICS, type Topic } from './cases.texts.js';

export type Intent =
  | { do: 'file' | 'start' | 'archive' }
  | { do: 'reject' | 'escalate' | 'reopen' | 'return'; reason: string }
  | { do: 'merge'; primary: number }
  | { do: 'assign'; prefs: string[] }
  | { do: 'feedback'; disposition: string; result: string }
  | { do: 'verify'; passed: boolean; note?: string }
  | { do: 'rate'; satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied'; method: 'phone' | 'visit' | 'device' | 'online' }
  | { do: 'close'; note: string }
  | { do: 'supervise'; grade: 'normal' | 'yellow' | 'red'; replyDays: number; note: string }
  | { do: 'reply_supervision'; note: string }
  | { do: 'urge'; note: string }
  | { do: 'request_extension'; days: number; reason: string }
  | { do: 'decide_extension'; approve: boolean }
  | { do: 'whistle'; units: string[]; hours: number; reason: string }
  | { do: 'report_in'; unit: string; note: string }
  | { do: 'request_review'; reason: string }
  | { do: 'decide_review'; result: string };

export interface Step {
  at: Date;
  intent: Intent;
}

export interface PlannedCase {
  key: number;
  at: Date;
  place: string;
  county: string;
  channel: Channel;
  topic: Topic;
  /** the topic's title, often with the place in front */
  title: string;
  applicant: { name: string; phone: string };
  respondent?: { name: string; kind: 'person' | 'organisation'; phone: string };
  address?: string;
  /** a grid report already resolved on the spot */
  onSite?: string;
  steps: Step[];
  expected: { status: string; level: Level; highestLevel: Level };
}

/** Places of the demo tree: [code, weight, address stem]. 杭锦后旗 (the demo leader's county) takes most. */
const PLACES: [string, number, string][] = [
  ['150826100001001001', 5, '西环社区幸福小区'], ['150826100001001002', 3, '西环社区团结巷'], ['150826100001002001', 3, '西环社区富民小区'],
  ['150826100001002003', 2, '西环社区新村一组'], ['150826100001003002', 3, '西环社区和谐家园'], ['150826100001004001', 2, '西环社区锦绣小区'],
  ['150826100002', 8, '东环社区'], ['150826100', 4, '陕坝镇'], ['150826101', 7, '头道桥镇'],
  ['150825100001001', 4, '蓝天社区'], ['150825100', 1, '巴音宝力格镇'], ['150802003001001', 3, '华海尚都社区'], ['150802003', 1, '新华街道'],
  ['150824100001', 3, '乌兰嘎查'], ['150824100', 1, '海流图镇'],
];
/** Offices with no staffed unit to assign to: they escalate before a case can be assigned. */
const NO_UNITS = new Set(['150826100002', '150826101', '150825100001', '150802003001', '150824100001']);
const GRID_WORKER_PLACES = ['150826100001001', '150826100001002', '150825100001001'];

const CHANNELS: [Channel, number][] = [['window', 22], ['hotline', 20], ['grid', 26], ['citizen', 14], ['police', 8], ['petition', 5], ['court', 4], ['department', 4], ['api', 3]];

/** The office a case lands at: the channel's level, or the nearest one above when the place has none. */
function landing(place: string, channel: Channel): { code: string; level: Level } {
  const want = LANDING[channel];
  if (want === 'village' && place.length >= 12) return { code: place.slice(0, 12), level: 'village' };
  if (want !== 'county' && place.length >= 9) return { code: place.slice(0, 9), level: 'town' };
  return { code: place.slice(0, 6), level: 'county' };
}
const above = (office: { code: string; level: Level }): { code: string; level: Level } =>
  office.level === 'village' ? { code: office.code.slice(0, 9), level: 'town' } : { code: office.code.slice(0, 6), level: 'county' };

export interface PlanOptions {
  now: Date;
  cal: Calendar;
  timeZone: string;
  /** how many cases (320 on a first start) */
  count?: number;
  /** over how many days before today */
  days?: number;
  seed?: number;
}

export function planDemoCases(o: PlanOptions): PlannedCase[] {
  const r = rng(o.seed ?? 20261129);
  const count = o.count ?? 320;
  const days = o.days ?? 150;
  const tz = o.timeZone;
  const today = businessDate(o.now, tz);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const weighted = <T>(xs: [T, number][]) => {
    let x = r() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of xs) if ((x -= w) < 0) return v;
    return xs[xs.length - 1][0];
  };
  const chance = (p: number) => r() < p;
  const startOf = (day: string) => endOfDay(addDays(day, -1), tz);
  const at = (day: string, minutes: number) => new Date(startOf(day).getTime() + minutes * 60_000);
  const working = (day: string) => isWorkingDay(day, o.cal);
  const nextWorking = (day: string) => {
    while (!working(day)) day = addDays(day, 1);
    return day;
  };
  /** n working days after `from` (0: later the same working day when there is time), in office hours */
  const work = (from: Date, n: number) => {
    const day = businessDate(from, tz);
    const minute = Math.round((from.getTime() - startOf(day).getTime()) / 60_000);
    if (n === 0 && working(day) && minute < 16 * 60) return new Date(from.getTime() + (20 + Math.floor(r() * 100)) * 60_000);
    let d = day;
    for (let left = Math.max(1, n); left > 0; ) {
      d = addDays(d, 1);
      if (working(d)) left--;
    }
    return at(d, 8 * 60 + 40 + Math.floor(r() * 500));
  };
  /** n calendar days after `from`, in the daytime (phone call-backs, online ratings) */
  const cal = (from: Date, n: number) => at(addDays(businessDate(from, tz), n), 9 * 60 + Math.floor(r() * 600));
  const person = () => (chance(0.1) ? pick(MONGOLIAN) : pick(SURNAMES) + pick(GIVEN));
  const phone = () => `1${pick(['35', '37', '38', '39', '47', '50', '52', '58', '82', '87', '89'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;

  const out: PlannedCase[] = [];
  // a few fixed stories for the warnings and the supervision board, then the random bulk
  const repeatFiler = { name: '贾二虎', phone: '13947812306' };
  const property = { name: '陕坝镇鑫源物业服务有限公司', kind: 'organisation' as const, phone: '13804786620' };
  for (let k = 0; k < count; k++) {
    let topic = TOPICS[0];
    {
      let x = r() * TOPICS.reduce((s, t) => s + t.weight, 0);
      for (const t of TOPICS) if ((x -= t.weight) < 0) { topic = t; break; }
    }
    let place = weighted(PLACES.map(([c, w]) => [c, w] as [string, number]));
    let channel: Channel = topic.category === 'petition' ? (chance(0.6) ? 'petition' : 'window') : weighted(CHANNELS);
    if (channel === 'petition' && topic.category !== 'petition' && topic.category !== 'dispute') channel = 'window';
    if (channel === 'court' && topic.category !== 'dispute') channel = 'hotline';
    if (channel === 'police' && !['dispute', 'security', 'hazard'].includes(topic.category)) channel = 'hotline';
    if (channel === 'grid' && topic.category === 'petition') channel = 'window';
    let daysAgo = Math.floor(Math.pow(r(), 0.9) * days);
    let applicant = { name: person(), phone: phone() };
    let respondent: PlannedCase['respondent'];
    if (topic.respondent === 'person') respondent = { name: person(), kind: 'person', phone: phone() };
    else if (topic.respondent) respondent = { name: topic.respondent, kind: 'organisation', phone: phone() };
    // stories: one resident calling again and again about noise (同一人反复反映), households of one compound
    // against its property company (多户对同一方), and a run of neighbour disputes in 东环社区 this week (类型异常上升)
    if (k % 90 === 7) {
      topic = TOPICS.find((t) => t.title.includes('噪音'))!;
      Object.assign(applicant, repeatFiler);
      place = '150826100001001001';
      channel = k % 180 === 7 ? 'hotline' : 'citizen';
      daysAgo = 2 + (k % 20);
    }
    if (k % 97 === 11) {
      topic = TOPICS.find((t) => t.title.includes('物业费'))!;
      respondent = property;
      place = '150826100001003002';
      channel = 'grid';
      daysAgo = 3 + (k % 17);
    }
    if (k % 83 === 5) {
      topic = TOPICS.find((t) => t.title.includes('院墙'))!;
      place = '150826100002';
      channel = 'hotline';
      daysAgo = 1 + (k % 5);
    }
    const stem = PLACES.find(([c]) => c === place)![2];
    let title = chance(0.5) ? `${stem}${topic.title}` : topic.title;
    if (channel === 'grid' && !GRID_WORKER_PLACES.some((g) => place.startsWith(g)) && place.length < 12) channel = 'hotline';
    let day = addDays(today, -daysAgo);
    const staffChannel = !['hotline', 'citizen', 'grid'].includes(channel);
    if (staffChannel || !chance(0.35)) day = nextWorking(day);
    if (day > today) day = today;
    let received = at(day, (staffChannel ? 8 * 60 + 40 : 7 * 60) + Math.floor(r() * (staffChannel ? 500 : 800)));
    if (received > o.now) received = new Date(o.now.getTime() - (10 + Math.floor(r() * 120)) * 60_000);
    if (received.getTime() < o.now.getTime() - (days + 5) * 86_400_000) continue;
    const steps: Step[] = [];
    const add = (t: Date, intent: Intent) => {
      steps.push({ at: t, intent });
      return t;
    };
    const [disposition, result] = pick(topic.results);
    let office = landing(place, channel);
    const escalate = (when: Date, reason: string) => {
      office = above(office);
      return add(when, { do: 'escalate', reason });
    };
    // 就地化解: most small matters a grid worker meets are settled on the spot and only verified
    const onSite = channel === 'grid' && (['service', 'city', 'hazard'].includes(topic.category) ? chance(0.75) : ['02', '99'].includes(topic.disputeType ?? '') && chance(0.4)) ? result : undefined;
    let t = received;
    const handleDays = topic.category === 'hazard' || topic.category === 'warning' || topic.urgency ? 1 : topic.category === 'dispute' || topic.category === 'petition' ? 4 + Math.floor(r() * 14) : 2 + Math.floor(r() * 7);
    const roll = r();
    const fate = roll < 0.035 ? 'reject' : roll < 0.065 ? 'merge' : roll < 0.115 ? 'stall' : 'close';
    const leaderCounty = place.startsWith('150826');
    if (onSite) {
      t = add(work(t, chance(0.5) ? 0 : 1), { do: 'verify', passed: true, note: '抽查核实，情况属实' });
    } else if (fate === 'reject') {
      add(work(t, 0), { do: 'reject', reason: pick(REASONS.reject) });
      t = new Date(8.64e15);
    } else if (fate === 'merge') {
      // the duplicate of a case still open at the same place: merged into it the day it comes in
      const mergeAt = work(t, 0);
      const ends = (p: PlannedCase) => p.steps.find((s) => ['reject', 'merge', 'archive', 'close', 'rate'].includes(s.intent.do))?.at ?? new Date(8.64e15);
      const primary = out.filter((p) => p.place === place && p.at < received && p.steps.length && ends(p) > mergeAt && p.expected.status !== 'merged').sort((a, b) => b.at.getTime() - a.at.getTime())[0];
      if (primary) {
        // another household reporting the same matter (同一事项多人反映)
        topic = primary.topic;
        respondent = primary.respondent;
        title = primary.title;
        add(mergeAt, { do: 'merge', primary: primary.key });
        t = new Date(8.64e15);
      }
    }
    if (t.getTime() < 8e15 && !onSite) {
      t = add(work(t, chance(0.7) ? 0 : 1), { do: 'file' });
      if (NO_UNITS.has(office.code)) t = escalate(work(t, 0), office.level === 'village' ? '本社区无调解组织，报请镇综治中心协调' : '本级无对口承办单位，报请旗社会治理中心协调');
      else if (office.level !== 'county' && topic.category === 'dispute' && chance(0.08)) t = escalate(work(t, 1), pick(REASONS.escalate));
      t = add(work(t, chance(0.88) ? 0 : 1 + Math.floor(r() * 3)), { do: 'assign', prefs: topic.units });
      // 吹哨报到: 西环社区 summons the police station and the justice office for a knotty neighbour dispute
      if (office.code === '150826100001' && topic.category === 'dispute' && chance(0.12))
        add(work(t, 0), { do: 'whistle', units: ['陕坝派出所', '陕坝司法所'], hours: 24, reason: '纠纷涉及治安和法律问题，召集派出所、司法所联合调处' });
      if (chance(0.04)) {
        // 退回: the unit finds the matter is not its own; the office assigns again
        t = add(work(t, 1), { do: 'return', reason: pick(REASONS.returned) });
        t = add(work(t, 0), { do: 'assign', prefs: [...topic.units].reverse() });
      } else if (office.level !== 'county' && chance(0.05)) {
        // the unit finds it beyond this level and escalates it (办理中上报)
        t = add(work(t, 1), { do: 'start' });
        t = escalate(work(t, 1), pick(REASONS.escalate));
        t = add(work(t, 0), { do: 'assign', prefs: topic.units });
      }
      t = add(work(t, chance(0.8) ? 0 : 1 + Math.floor(r() * 3)), { do: 'start' });
      if (fate === 'stall') {
        // long overdue (open still when recent, closed late when old); the leader supervises some of these (督办)
        t = add(work(t, handleDays + 30 + Math.floor(r() * 40)), { do: 'feedback', disposition, result });
        t = add(work(t, 1), { do: 'verify', passed: true });
      } else {
        if (topic.category === 'petition' || (topic.category === 'dispute' && chance(0.06))) {
          const ask = add(work(t, Math.max(1, handleDays - 2)), { do: 'request_extension', days: topic.category === 'petition' ? 15 + Math.floor(r() * 15) : 10, reason: '需等待鉴定结论、当事人外出，申请延期办理' });
          t = add(work(ask, 1), { do: 'decide_extension', approve: chance(0.85) });
        }
        const late = chance(0.12);
        t = add(work(t, late ? handleDays + 8 + Math.floor(r() * 8) : handleDays), { do: 'feedback', disposition, result });
        if (chance(0.07)) {
          t = add(work(t, 1), { do: 'verify', passed: false, note: pick(REASONS.reworkNote) });
          t = add(work(t, 2 + Math.floor(r() * 3)), { do: 'feedback', disposition, result: `${result}（已按核查意见整改）` });
        }
        t = add(work(t, chance(0.6) ? 0 : 1 + Math.floor(r() * 2)), { do: 'verify', passed: true });
      }
    }
    if (t.getTime() < 8e15 && steps.at(-1)?.intent.do === 'verify') {
      const s = r();
      const citizen = channel === 'citizen' && chance(0.6);
      const method = citizen ? 'online' : weighted<'phone' | 'visit' | 'device'>([['phone', 6], ['visit', 2], ['device', 1]]);
      const good = disposition === '调解不成' || disposition === '转诉讼' || disposition === '转仲裁' ? 0.72 : 0.93;
      if (s < 0.05) t = add(work(t, 1 + Math.floor(r() * 2)), { do: 'close', note: pick(REASONS.closeNote) });
      else if (s < 0.08) t = new Date(t.getTime() + 10 * 86_400_000); // not rated: the sweep closes it after the rating period
      else {
        const sat = r() < good ? (r() < 0.76 ? 'satisfied' : 'basically_satisfied') : 'dissatisfied';
        t = add(cal(t, 1 + Math.floor(r() * 4)), { do: 'rate', satisfaction: sat, method });
        if (sat === 'dissatisfied' && chance(0.5)) {
          t = add(work(t, 1), { do: 'reopen', reason: pick(REASONS.reopen) });
          t = add(work(t, 0), { do: 'assign', prefs: topic.units });
          t = add(work(t, 0), { do: 'start' });
          t = add(work(t, 3 + Math.floor(r() * 5)), { do: 'feedback', disposition: '已解决', result: `重新办理：${result}` });
          t = add(work(t, 1), { do: 'verify', passed: true });
          t = add(cal(t, 1 + Math.floor(r() * 3)), { do: 'rate', satisfaction: chance(0.8) ? 'basically_satisfied' : 'satisfied', method: 'phone' });
        }
      }
      // 信访复查: now and then the petitioner asks for a review after the conclusion
      if ((topic.category === 'petition' || channel === 'petition') && chance(0.35)) {
        t = add(cal(t, 5 + Math.floor(r() * 15)), { do: 'request_review', reason: '信访人对处理意见不服，申请复查' });
        t = add(work(t, 10 + Math.floor(r() * 10)), { do: 'decide_review', result: '经复查，原处理意见认定事实清楚、适用政策正确，予以维持。' });
      }
      add(work(t, 5 + Math.floor(r() * 15)), { do: 'archive' });
    }
    // 督办 and 催办 by the leader of 杭锦后旗 on some open-long cases
    if (leaderCounty) {
      const start = steps.find((s) => s.intent.do === 'start');
      const fb = steps.find((s) => s.intent.do === 'feedback');
      const ends = steps.find((s) => s.intent.do === 'rate' || s.intent.do === 'close')?.at ?? new Date(8.64e15);
      const sAt = start ? work(start.at, 8) : null;
      if (start && fb && sAt && sAt < fb.at && chance(fate === 'stall' ? 0.7 : 0.3)) {
        const grade = fate === 'stall' ? (chance(0.4) ? 'red' : 'yellow') : 'normal';
        add(sAt, { do: 'supervise', grade, replyDays: grade === 'red' ? 2 : 3, note: '请按期办结并回复办理情况' });
        const reply = work(sAt, 1 + Math.floor(r() * 2));
        if ((fate !== 'stall' || chance(0.5)) && reply < ends) add(reply, { do: 'reply_supervision', note: '已组织专人办理，预计近期办结，将及时反馈。' });
        const urge = work(sAt, 4);
        if (chance(0.5) && urge < ends) add(urge, { do: 'urge', note: '请抓紧办理' });
      }
    }
    // the summoned departments report in soon after a whistle
    for (const w of steps.filter((s) => s.intent.do === 'whistle')) {
      const units = (w.intent as { units: string[] }).units;
      units.forEach((u, i) => add(new Date(w.at.getTime() + (2 + i * 3) * 3_600_000), { do: 'report_in', unit: u, note: '已到场参与联合调处' }));
    }
    steps.sort((a, b) => a.at.getTime() - b.at.getTime());
    const kept = steps.filter((s) => s.at <= o.now);
    out.push({
      key: k, at: received, place, county: place.slice(0, 6), channel, topic, title, applicant, respondent,
      address: `${stem}${1 + Math.floor(r() * 12)}号`,
      onSite, steps: kept,
      expected: expect(kept, onSite, landing(place, channel).level, o.now, (verifiedAt) => addCalendarDays(verifiedAt, 7, o.cal, tz).dueAt),
    });
  }
  return out;
}

/**
 * The state and level a case ends in after its kept steps. A case left unrated past its rating period (the
 * seeded rule: 7 calendar days, a deadline on a day off moves on) is closed by the sweep, which runs at `now` last.
 */
function expect(steps: Step[], onSite: string | undefined, first: Level, now: Date, rateDue: (verifiedAt: Date) => Date): PlannedCase['expected'] {
  let status = onSite ? 'to_verify' : 'reported';
  let level: Level = first;
  let highest: Level = first;
  let verifiedAt: Date | null = null;
  const up = (l: Level): Level => (l === 'village' ? 'town' : 'county');
  for (const s of steps) {
    const i = s.intent;
    switch (i.do) {
      case 'file': status = 'filed'; break;
      case 'reject': status = 'rejected'; break;
      case 'merge': status = 'merged'; break;
      case 'assign': status = 'assigned'; break;
      case 'start': status = 'in_progress'; break;
      case 'feedback': status = 'to_verify'; break;
      case 'verify': status = i.passed ? 'verified' : 'in_progress'; verifiedAt = i.passed ? s.at : null; break;
      case 'rate': case 'close': status = 'closed'; break;
      case 'reopen': case 'return': status = 'filed'; break;
      case 'archive': status = 'archived'; break;
      case 'escalate': status = 'filed'; level = up(level); highest = level; break;
    }
  }
  if (status === 'verified' && verifiedAt && rateDue(verifiedAt) <= now) status = 'closed';
  return { status, level, highestLevel: highest };
}
