// Printing (受理回执, 不予受理告知书, 案卷) and screening campaigns (大排查) through HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from '../imports/exceljs-utf8.js';
import { multipartFile, testApp, type TestApp } from '../../../test/helpers.js';
import { readPdf, compact } from '../documents/pdf-inspect.test-util.js';
import { fakeResidentId } from '../personal/index.js';
import { rng } from '../../seed/people.js';

let t: TestApp;
const as: Record<string, string> = {};
let id = 0;
let tracking = '';
beforeAll(async () => {
  t = await testApp();
  for (const u of ['dispatcher', 'village', 'town', 'grid2']) as[u] = await t.login(u);
  const res = await t.app.inject({
    method: 'POST', url: '/api/cases', headers: { cookie: as.dispatcher },
    payload: { title: '劳务费拖欠', description: '某工程队拖欠十二名工人劳务费共计八万元。', category: 'dispute', disputeType: '07', channel: 'window', regionCode: '150826100001', applicant: { name: '周大勇', phone: '13904785555' }, respondents: [{ name: '某建筑公司', kind: 'organisation' }] },
  });
  id = res.json().id;
  tracking = res.json().trackingCode;
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who] } });

describe('printing', () => {
  it('prints a receipt with the tracking code and the masked applicant, in Chinese', async () => {
    const res = await get('dispatcher', `/api/cases/${id}/receipt.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = compact((await readPdf(res.rawPayload)).pages.join(''));
    for (const s of ['受理回执', tracking, '劳务费拖欠', '杭锦后旗社会治理中心', '周**', '139****5555']) expect(text).toContain(s);
    expect(text).not.toContain('13904785555');
  });
  it('prints the case file with the timeline; a refusal notice only for a refused case (409 otherwise)', async () => {
    expect((await get('dispatcher', `/api/cases/${id}/refusal.pdf`)).statusCode).toBe(409);
    const c = (await get('dispatcher', `/api/cases/${id}`)).json();
    await t.app.inject({ method: 'POST', url: `/api/cases/${id}/actions`, headers: { cookie: as.dispatcher }, payload: { action: 'reject', version: c.version, reason: '属于劳动争议，请向劳动人事争议仲裁委员会申请仲裁' } });
    const notice = compact((await readPdf((await get('dispatcher', `/api/cases/${id}/refusal.pdf`)).rawPayload)).pages.join(''));
    expect(notice).toContain('不予受理告知书');
    expect(notice).toContain('属于劳动争议，请向劳动人事争议仲裁委员会申请仲裁');
    expect((await get('dispatcher', `/api/cases/${id}/receipt.pdf`)).statusCode).toBe(409);
    const file = compact((await readPdf((await get('dispatcher', `/api/cases/${id}/case-file.pdf`)).rawPayload)).pages.join(''));
    for (const s of ['案卷', '问题上报', '不予受理', '某建筑公司']) expect(file).toContain(s);
    expect((await get('grid2', `/api/cases/${id}/case-file.pdf`)).statusCode).toBe(404);
  });
});

describe('exporting the list and the places citizens pick', () => {
  it('exports the caller\'s cases as Excel without personal data, audited', async () => {
    const res = await get('dispatcher', `/api/cases/export.xlsx?q=${encodeURIComponent('劳务')}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getRow(1).getCell(1).value)).toBe('案件编号');
    expect(String(ws.getRow(2).getCell(2).value)).toBe('劳务费拖欠');
    expect(ws.rowCount).toBe(2);
    const all = JSON.stringify(ws.getSheetValues());
    expect(all).not.toContain('13904785555');
    expect((await get('grid2', '/api/cases/export.xlsx')).statusCode).toBe(200);
  });
  it('lists the villages and communities a citizen can choose', async () => {
    const places = (await t.app.inject({ url: '/api/public/places' })).json();
    expect(places.find((p: { code: string }) => p.code === '150826100001')).toMatchObject({ name: '西环社区', townName: '陕坝镇', countyName: '杭锦后旗' });
  });
});

describe('screening campaigns (大排查)', () => {
  const r = rng(11);
  async function sheet(rows: string[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('排查清单');
    ws.addRow(['标题', '情况描述', '纠纷类型代码', '地点代码', '当事人姓名', '手机号', '证件号', '对方当事人', '地址']);
    for (const row of rows) ws.addRow(row);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const upload = async (who: string, name: string, buf: Buffer, filename = 'list.xlsx') => {
    const m = multipartFile(filename, buf);
    return t.app.inject({ method: 'POST', url: `/api/campaigns/import?name=${encodeURIComponent(name)}&channel=police&source=${encodeURIComponent('警情')}`, payload: m.payload, headers: { ...m.headers, cookie: as[who] } });
  };
  it('a list with bad rows gets a row-level report and creates nothing', async () => {
    const before = (await get('dispatcher', '/api/cases?limit=200')).json().items.length;
    const res = await upload('dispatcher', '婚姻家庭排查', await sheet([
      ['婚姻矛盾回访', '2023年家暴警情回访', '01', '150826100001', '刘芳', '13604781001'],
      ['', '没有标题', '01', '150826100001', '刘芳', '13604781002'],
      ['类型错', '描述', '42', '150826100001', '刘芳', '13604781003'],
      ['地点错', '描述', '01', '150826100099', '刘芳', '13604781004'],
      ['号码错', '描述', '01', '150826100001', '刘芳', '1234'],
      ['证件错', '描述', '01', '150826100001', '刘芳', '13604781005', '150826199001011230'],
      ['镇级地点', '描述', '01', '150826100', '刘芳', '13604781006'],
    ]));
    expect(res.statusCode).toBe(422);
    const errors = res.json().details.errors as { row: number; column: string }[];
    expect(errors.map((e) => `${e.row}:${e.column}`)).toEqual(['3:title', '4:disputeType', '5:regionCode', '6:phone', '7:idNumber', '8:regionCode']);
    expect((await get('dispatcher', '/api/cases?limit=200')).json().items.length).toBe(before);
    expect((await upload('dispatcher', '格式错误', Buffer.from('csv,not,xlsx'), 'list.csv')).statusCode).toBe(415);
  });
  it('imports a list as one campaign: each case lands at its village office and progress is tracked together', async () => {
    const rows = [
      ['婚姻矛盾回访一', '2023年离婚诉讼回访', '01', '150826100001', '刘芳', '13604782001', fakeResidentId(r, { areaCode: '150826', birth: '1985-02-03' })],
      ['婚姻矛盾回访二', '2024年家庭纠纷警情回访', '01', '150826100001002001', '王强', '13604782002'],
      ['婚姻矛盾回访三', '2022年离婚纠纷回访', '01', '150826100002', '李梅', '13604782003', '', '张某'],
    ];
    const res = await upload('dispatcher', '婚姻家庭矛盾大排查', await sheet(rows));
    expect(res.statusCode).toBe(201);
    const campaign = res.json();
    expect(campaign.total).toBe(3);
    const cases = (await get('dispatcher', `/api/cases?campaign=${campaign.id}`)).json().items;
    expect(cases).toHaveLength(3);
    expect(cases.every((c: { level: string; channel: string }) => c.level === 'village' && c.channel === 'police')).toBe(true);
    const pr = await get('town', `/api/campaigns/${campaign.id}`);
    expect(pr.statusCode, pr.body).toBe(200);
    const progress = pr.json();
    expect(progress.byOffice).toEqual([
      { office: '东环社区居委会', total: 1, closed: 0 },
      { office: '西环社区居委会', total: 2, closed: 0 },
    ]);
    expect(progress.byStatus).toEqual([{ status: 'reported', statusName: '待受理', count: 3 }]);
    expect((await get('village', '/api/cases?limit=200')).json().items.filter((c: { title: string }) => c.title.startsWith('婚姻矛盾回访'))).toHaveLength(2);
    expect((await get('grid2', `/api/campaigns/${campaign.id}`)).statusCode).toBe(404);
    const list = (await get('dispatcher', '/api/campaigns')).json();
    expect(list[0]).toMatchObject({ name: '婚姻家庭矛盾大排查', total: 3 });
  });
});
