// GET /api/live/events: server-sent events for screens (the command dashboard). Each listener hears only
// what its user may see — the same rule as the case lists (canSee), warnings inside its region scope — with
// a heartbeat comment every 15 s so proxies keep the stream open. The stream ends after `max` seconds (the
// browser's EventSource reconnects, which re-checks the session) or when the client goes away.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { pathInScope } from '../../http/scope.js';
import type { SessionUser } from '../auth/auth.service.js';
import { canSee } from '../cases/cases.core.js';
import { ACTION_NAMES, STATE_NAMES, type CaseState } from '../cases/cases.workflow.js';
import { CATEGORIES, CHANNELS } from '../cases/cases.codes.js';
import { liveBus, type LiveEvent } from './bus.js';
import { startRelay } from './relay.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export const HEARTBEAT_MS = 15_000;

/** What a listener receives for an event, or null when it may not see it. No personal data. */
export function eventFor(u: SessionUser, e: LiveEvent): { event: string; data: unknown } | null {
  if (e.type === 'case') {
    const c = e.case;
    if (!canSee(u, c)) return null;
    return {
      event: 'case',
      data: {
        id: c.id, caseNumber: c.caseNumber, title: c.title, action: e.action, actionName: ACTION_NAMES[e.action as keyof typeof ACTION_NAMES] ?? e.action,
        status: c.status, statusName: STATE_NAMES[c.status as CaseState], category: c.category, categoryName: CATEGORIES[c.category as keyof typeof CATEGORIES],
        channel: c.channel, channelName: CHANNELS[c.channel as keyof typeof CHANNELS], disputeType: c.disputeType, level: c.level,
        placeRegionId: c.placeRegionId, placePath: c.placePath, at: e.at,
      },
    };
  }
  if (!u.permissions.includes('warning.read') || !pathInScope(e.warning.regionPath, u.scopePaths)) return null;
  return { event: 'warning', data: { ...e.warning, at: e.at } };
}

/** `relay`: on PostgreSQL, the database to share events through with the other server processes. */
export const liveRoutes = (o: { relay?: { url: string; db: Kysely<DB> } } = {}): FastifyPluginAsyncZod => async (app) => {
  if (o.relay) {
    const relay = startRelay(o.relay.url, o.relay.db);
    app.addHook('onClose', () => relay.stop());
  }
  // open streams end when the server closes (otherwise close would wait for them)
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  app.get('/api/live/events', {
    config: { permission: 'case.read' },
    schema: {
      tags: ['live 实时推送'],
      summary: '实时事件流（SSE，按本人范围） server-sent events: case changes and warnings in my scope',
      querystring: z.object({ max: z.coerce.number().int().min(0).max(3600).default(600) }),
    },
  }, async (req, reply) => {
    const u = currentUser(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let n = 0;
    const send = (event: string, data: unknown) => {
      if (!res.writableEnded) res.write(`id: ${++n}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      open.delete(end);
      clearInterval(beat);
      clearTimeout(timer);
      unsubscribe();
      if (!res.writableEnded) res.end();
    };
    open.add(end);
    res.write('retry: 3000\n\n');
    send('hello', { user: u.username, heartbeatMs: HEARTBEAT_MS, max: req.query.max });
    const unsubscribe = liveBus.subscribe((e) => {
      const out = eventFor(u, e);
      if (out) send(out.event, out.data);
    });
    const beat = setInterval(() => !res.writableEnded && res.write(': ping\n\n'), HEARTBEAT_MS);
    const timer = setTimeout(() => {
      send('bye', { reconnect: true });
      end();
    }, req.query.max * 1000);
    req.raw.on('close', end);
    res.on('close', end);
  });
};
