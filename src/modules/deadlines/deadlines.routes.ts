// The inbox, the calendar and the deadline rules.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import { AppError, notFound, text } from '../../http/errors.js';
import { currentUser } from '../../http/auth.js';
import { actorOf, record } from '../audit/audit.service.js';
import { dueAfter } from '../calendar/calendar.js';
import { loadCalendar, ruleFor, type Stage } from './deadlines.js';
import { caseCols, type CaseRow } from '../cases/cases.repo.js';
import { actionValues, writeTransition } from '../cases/cases.core.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const deadlinesRoutes = (ctx: { db: Kysely<DB>; clock: Clock; timeZone: string }): FastifyPluginAsyncZod => async (app) => {
  const tags = ['deadlines 时限与消息'];

  app.get('/api/inbox', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '我的消息 my inbox (my unit\'s and mine)', querystring: z.object({ unread: z.coerce.boolean().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  }, async (req) => {
    const u = currentUser(req);
    let q = ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where((eb) => eb.or([eb('userId', '=', u.id), ...(u.unitId ? [eb('unitId', '=', u.unitId)] : [])]))
      .orderBy('id', 'desc')
      .limit(req.query.limit);
    if (req.query.unread) q = q.where('readAt', 'is', null);
    const items = await q.execute();
    const unread = await ctx.db
      .selectFrom('notifications')
      .select(sql<number>`count(*)`.as('n'))
      .where((eb) => eb.or([eb('userId', '=', u.id), ...(u.unitId ? [eb('unitId', '=', u.unitId)] : [])]))
      .where('readAt', 'is', null)
      .executeTakeFirstOrThrow();
    return { items, unread: Number(unread.n) };
  });

  app.post('/api/inbox/:id/read', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '标为已读 mark read', params: z.object({ id: z.coerce.number().int().positive() }) },
  }, async (req, reply) => {
    const u = currentUser(req);
    const r = await ctx.db
      .updateTable('notifications')
      .set({ readAt: ctx.clock.now() })
      .where('id', '=', req.params.id)
      .where((eb) => eb.or([eb('userId', '=', u.id), ...(u.unitId ? [eb('unitId', '=', u.unitId)] : [])]))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound(text('消息不存在', 'no such message'));
    return reply.status(204).send();
  });

  app.get('/api/calendar/:year', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '节假日历 the working-day calendar of a year', params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }) },
  }, async (req) => {
    const y = req.params.year;
    const entered = await ctx.db.selectFrom('calendarYears').selectAll().where('year', '=', y).executeTakeFirst();
    const days = await ctx.db.selectFrom('calendarDays').select(['day', 'kind']).where('day', '>=', `${y}-01-01`).where('day', '<=', `${y}-12-31`).orderBy('day').execute();
    return { year: y, entered: Boolean(entered), note: entered?.note ?? null, holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day), workdays: days.filter((d) => d.kind === 'workday').map((d) => d.day) };
  });

  app.put('/api/calendar/:year', {
    config: { permission: 'region.manage' },
    schema: {
      tags, summary: '录入某年节假日安排 enter a year\'s official calendar (recomputes provisional deadlines)',
      params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
      body: z.object({ holidays: z.array(Day).max(60), workdays: z.array(Day).max(30), note: z.string().max(200).optional() }),
    },
  }, async (req) => {
    const { year } = req.params;
    const all = [...req.body.holidays, ...req.body.workdays];
    const twice = all.find((d, i) => all.indexOf(d) !== i);
    if (twice) throw new AppError('VALIDATION', text(`日期 ${twice} 出现了两次`, `the date ${twice} appears twice`), { fields: [{ path: 'holidays', message: `${twice} twice` }] });
    const outside = all.find((d) => !d.startsWith(`${year}-`) || Number.isNaN(new Date(`${d}T00:00:00Z`).getTime()));
    if (outside) throw new AppError('VALIDATION', text(`日期 ${outside} 不在 ${year} 年`, `${outside} is not a date of ${year}`), { fields: [{ path: 'holidays', message: outside }] });
    const recomputed = await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('calendarDays').where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute();
      if (all.length) await trx.insertInto('calendarDays').values([...req.body.holidays.map((day) => ({ day, kind: 'holiday' as const })), ...req.body.workdays.map((day) => ({ day, kind: 'workday' as const }))]).execute();
      await trx.insertInto('calendarYears').values({ year, note: req.body.note ?? null }).onConflict((oc) => oc.column('year').doUpdateSet({ note: req.body.note ?? null, enteredAt: ctx.clock.now() })).execute();
      // deadlines computed while this year was unknown are recomputed now
      const cal = await loadCalendar(trx);
      const open = (await trx.selectFrom('cases').select(caseCols).where('stageDueProvisional', '=', true).where('stage', 'is not', null).execute()) as CaseRow[];
      const now = ctx.clock.now();
      for (const c of open) {
        const rule = await ruleFor(trx, c.stage as Stage, c.category, c.urgency);
        if (!rule || !c.stageStartedAt) continue;
        const due = dueAfter(c.stageStartedAt, rule.amount, rule.unit, cal, ctx.timeZone);
        // the handle deadline decides the case's due cohort (应结案): it moves with the stage clock, and the
        // timeline keeps the new date so the statistics rebuild moves it the same way
        const handleMoves = c.stage === 'handle' && c.handleDueAt?.getTime() !== due.dueAt.getTime();
        const after = (await trx.updateTable('cases')
          .set({ stageDueAt: due.dueAt, stageDueProvisional: due.provisional, ...(handleMoves ? { handleDueAt: due.dueAt } : {}) })
          .where('id', '=', c.id).returning(caseCols).executeTakeFirstOrThrow()) as CaseRow;
        if (!handleMoves) continue;
        const w = { action: 'deadline_recomputed', from: c.status, to: c.status, note: `${year} 年节假日录入，期限重算`, data: { handleDueAt: due.dueAt }, public: false };
        await trx.insertInto('caseActions').values(actionValues(c, actorOf(req), null, w, now)).execute();
        await writeTransition(trx, ctx, c, after, { action: w.action, from: c.status, to: c.status, at: now, metric: w.action });
      }
      await record(trx, actorOf(req), { action: 'calendar.update', objectType: 'calendar', objectId: year, details: { holidays: req.body.holidays.length, workdays: req.body.workdays.length, recomputed: open.length } }, ctx.clock.now());
      return open.length;
    });
    return { year, holidays: req.body.holidays.length, workdays: req.body.workdays.length, recomputed };
  });

  app.get('/api/deadline-rules', { config: { permission: 'authenticated' }, schema: { tags, summary: '时限规则 deadline rules' } }, async () =>
    ctx.db.selectFrom('deadlineRules').selectAll().orderBy('stage').orderBy('id').execute());

  app.put('/api/deadline-rules/:id', {
    config: { permission: 'region.manage' },
    schema: {
      tags, summary: '修改时限 change a deadline (applies to stages entered from now on)',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({ amount: z.number().int().positive('时限须为正数 (must be positive)').max(3650), unit: z.enum(['working_days', 'calendar_days', 'hours']) }),
    },
  }, async (req) => {
    const r = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('deadlineRules').set(req.body).where('id', '=', req.params.id).returningAll().executeTakeFirst();
      if (!row) throw notFound(text('规则不存在', 'no such rule'));
      await record(trx, actorOf(req), { action: 'deadline_rule.update', objectType: 'deadline_rule', objectId: row.id, details: req.body }, ctx.clock.now());
      return row;
    });
    return r;
  });
};
