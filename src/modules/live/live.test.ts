// Server-sent events: a listener hears the case changes it may see, as they commit, and nothing else; a
// stream with max=0 says hello and closes cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { ExcelJS } from '../imports/exceljs-utf8.js';
import { testApp, onPostgres, multipartFile, type TestApp } from '../../../test/helpers.js';
import { liveBus } from './bus.js';
import { relayReady } from './relay.js';

let t: TestApp;
let base = '';
const as: Record<string, string> = {};
beforeAll(async () => {
  t = await testApp();
  for (const u of ['dispatcher', 'town', 'village', 'grid2']) as[u] = await t.login(u);
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

interface Sse { event: string; data: Record<string, unknown> }
/** Opens the stream and collects events until `until` holds for the list. */
async function listen(who: string) {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/live/events?max=60`, { headers: { cookie: as[who] }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: Sse[] = [];
  const waiters: (() => void)[] = [];
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      // aborted
    }
  })();
  const until = async (pred: (e: Sse[]) => boolean) => {
    while (!pred(events)) await new Promise<void>((r) => waiters.push(r));
    return events;
  };
  await until((e) => e.some((x) => x.event === 'hello'));
  return { events, until, close: () => ctrl.abort() };
}

const file = async (regionCode: string, title: string) => {
  const res = await t.app.inject({
    method: 'POST', url: '/api/cases', headers: { cookie: as.dispatcher },
    payload: { title, description: '楼上漏水', category: 'dispute', disputeType: '02', channel: 'window', regionCode, applicant: { name: '孙红', phone: '13904786666' } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('GET /api/live/events', () => {
  it('a town hears its town, a village only its village, another county nothing; actions too', async () => {
    const town = await listen('town');
    const village = await listen('village');
    const other = await listen('grid2'); // 乌拉特后旗: sees none of these
    try {
    const a = await file('150826100002', '东环社区漏水'); // 陕坝镇 东环社区
    const b = await file('150826100001001001', '西环社区漏水'); // 陕坝镇 西环社区
    await town.until((e) => e.filter((x) => x.event === 'case').length >= 2);
    expect(town.events.filter((x) => x.event === 'case').map((x) => x.data.id)).toEqual([a.id, b.id]);
    // events arrive in order: the village's first case event is its own case, so it never heard 东环社区's
    const v = await village.until((e) => e.some((x) => x.event === 'case'));
    expect(v.filter((x) => x.event === 'case')[0].data).toMatchObject({ id: b.id, caseNumber: b.caseNumber, action: 'report', status: 'reported', statusName: '待受理' });
    expect(JSON.stringify(v)).not.toContain('13904786666');
    // an action on the case is heard as it commits
    const filed = await t.app.inject({ method: 'POST', url: `/api/cases/${b.id}/actions`, headers: { cookie: as.dispatcher }, payload: { action: 'file', version: b.version } });
    expect(filed.statusCode, filed.body).toBe(200);
    await village.until((e) => e.some((x) => x.event === 'case' && x.data.action === 'file'));
    expect(other.events.filter((x) => x.event === 'case')).toHaveLength(0);
    } finally {
      for (const s of [town, village, other]) s.close();
    }
  });

  it('the cases of an imported screening list (大排查) are heard after the import commits', async () => {
    const town = await listen('town');
    try {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('排查清单');
      ws.addRow(['标题', '情况描述', '纠纷类型代码', '地点代码', '当事人姓名', '手机号']);
      ws.addRow(['婚姻矛盾回访', '家暴警情回访', '01', '150826100001', '刘芳', '13604781001']);
      ws.addRow(['邻里纠纷回访', '噪音警情回访', '02', '150826100001', '王强', '13604781002']);
      const m = multipartFile('list.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      const res = await t.app.inject({ method: 'POST', url: `/api/campaigns/import?name=${encodeURIComponent('矛盾纠纷大排查')}&channel=police`, payload: m.payload, headers: { ...m.headers, cookie: as.dispatcher } });
      expect(res.statusCode, res.body).toBe(201);
      const heard = await town.until((e) => ['婚姻矛盾回访', '邻里纠纷回访'].every((title) => e.some((x) => x.event === 'case' && x.data.title === title)));
      expect(heard.filter((x) => x.event === 'case' && ['婚姻矛盾回访', '邻里纠纷回访'].includes(x.data.title as string)).map((x) => x.data.action)).toEqual(['report', 'report']);
    } finally {
      town.close();
    }
  });

  it('max=0 says hello and closes; listeners go away when clients do', async () => {
    const res = await t.app.inject({ url: '/api/live/events?max=0', headers: { cookie: as.town } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('event: hello');
    expect(res.body).toContain('event: bye');
    const settle = async (n: number) => {
      for (let i = 0; i < 100 && liveBus.size !== n; i++) await new Promise((r) => setTimeout(r, 20));
    };
    await settle(0); // the first test's streams were aborted: their listeners go
    const before = liveBus.size;
    expect(before).toBe(0);
    const s = await listen('town');
    expect(liveBus.size).toBe(before + 1);
    s.close();
    await settle(before);
    expect(liveBus.size).toBe(before);
  });

  it.runIf(onPostgres())('hears a case filed through another server process on the same PostgreSQL (LISTEN/NOTIFY), once', async () => {
    const url = t.database.url!;
    await relayReady(url);
    const other: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/serve.ts', url], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        other.stdout!.on('data', (d) => {
          out += String(d);
          const m = /port (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        other.on('exit', (code) => reject(new Error(`second server exited ${code}`)));
      });
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'Fq@demo2026' }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const town = await listen('town');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/cases`, {
          method: 'POST', headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ title: '另一进程受理', description: '楼上漏水', category: 'dispute', disputeType: '02', channel: 'window', regionCode: '150826100001001001', applicant: { name: '孙红', phone: '13904786666' } }),
        });
        expect(res.status).toBe(201);
        const c = (await res.json()) as { id: number; caseNumber: string };
        const seen = await town.until((e) => e.some((x) => x.event === 'case' && x.data.id === c.id));
        expect(seen.filter((x) => x.event === 'case' && x.data.id === c.id)[0].data).toMatchObject({ caseNumber: c.caseNumber, action: 'report', statusName: '待受理' });
        // a case filed here is heard here once (the relay drops its own notifications)
        const here = await file('150826100001001001', '本进程受理');
        await town.until((e) => e.some((x) => x.event === 'case' && x.data.id === here.id));
        const again = await fetch(`http://127.0.0.1:${port}/api/cases/${c.id}`, { headers: { cookie } });
        expect(again.status).toBe(200); // a round trip through the other process: its notifications have gone out
        await new Promise((r) => setTimeout(r, 300));
        expect(town.events.filter((x) => x.event === 'case' && x.data.id === here.id)).toHaveLength(1);
        expect(town.events.filter((x) => x.event === 'case' && x.data.id === c.id)).toHaveLength(1);
      } finally {
        town.close();
      }
    } finally {
      other.stdin!.end();
      await new Promise((r) => other.once('exit', r));
    }
  }, 60_000);

  it('needs a session', async () => {
    expect((await t.app.inject({ url: '/api/live/events?max=0' })).statusCode).toBe(401);
  });
});
