// The monthly and quarterly reports read back: the Excel sheets' cells and the PDF's text carry the same
// figures as the API for the hand-made month of stats.scenario.test-util.ts, and the PDF draws its chart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExcelJS } from '../imports/exceljs-utf8.js';
import { testApp, type TestApp } from '../../../test/helpers.js';
import { compact, readPdf, renderPage } from '../documents/pdf-inspect.test-util.js';
import { buildScenario, sessions } from './stats.scenario.test-util.js';

let t: TestApp;
let as: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  as = await sessions(t);
  await buildScenario(t, as);
}, 240_000);
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who] } });

describe('统计月报/季报', () => {
  it('Excel: the headline figures, the towns below the county, categories and the daily trend', async () => {
    const res = await get('leader', '/api/stats/report.xlsx?region=150826&period=2026-12');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('杭锦后旗社会治理统计月报'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['主要指标', '下级区域', '类别', '趋势']);
    const rows = (name: string) => wb.getWorksheet(name)!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    const head = Object.fromEntries(rows('主要指标').slice(2).map((r) => [r[0], r[1]]));
    expect(head['受理（上报）']).toBe('11');
    expect(head['结案']).toBe('7');
    expect(head['结案率']).toBe('75.0% (3/4)');
    expect(head['按期结案率']).toBe('50.0% (2/4)');
    expect(head['满意率']).toBe('80.0% (4/5)');
    expect(head['不出村率']).toBe('66.7% (2/3)');
    expect(head['办理用时（工作日）']).toBe('平均 7.29，中位数 6（7 件）');
    expect(rows('下级区域').slice(2)).toEqual([['陕坝镇', '11', '7', '50.0% (2/4)', '80.0% (4/5)', '75.0% (3/4)', '100.0% (3/3)']]);
    const trend = rows('趋势').slice(2);
    expect(trend.find((r) => r[0] === '2026-12-01')).toEqual(['2026-12-01', 4, 0]);
    expect(trend.reduce((s, r) => s + (r[1] as number), 0)).toBe(11);
  });
  it('PDF: Chinese title, the figures as "75.0% (3/4)", tables and a drawn chart', async () => {
    const res = await get('leader', '/api/stats/report.pdf?region=150826100&period=2026-Q4');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(res.rawPayload);
    const all = compact(pdf.pages.join('\n'));
    expect(pdf.info.Title).toBe('陕坝镇社会治理统计季报');
    expect(all).toContain(compact('陕坝镇社会治理统计季报'));
    expect(all).toContain(compact('2026年第4季度'));
    expect(all).toContain(compact('结案率75.0%(3/4)'));
    expect(all).toContain(compact('满意率80.0%(4/5)'));
    expect(all).toContain('西环社区');
    expect(all).toContain('东环社区');
    expect(all).toContain('每月受理与结案');
    // the chart: bars in the received colour (#1677ff) and the closed colour (#52c41a) on the rendered pages
    const count = async (rgb: [number, number, number]) => {
      let n = 0;
      for (let p = 1; p <= pdf.numPages; p++) {
        const { data } = await renderPage(res.rawPayload, p, 1);
        for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - rgb[0]) < 12 && Math.abs(data[i + 1]! - rgb[1]) < 12 && Math.abs(data[i + 2]! - rgb[2]) < 12) n++;
      }
      return n;
    };
    expect(await count([0x16, 0x77, 0xff])).toBeGreaterThan(200);
    expect(await count([0x52, 0xc4, 0x1a])).toBeGreaterThan(100);
  });
  it('a period that is neither a month nor a quarter → 400; a region outside the scope → 403', async () => {
    expect((await get('leader', '/api/stats/report.pdf?period=2026-13')).statusCode).toBe(400);
    expect((await get('leader', '/api/stats/report.xlsx?period=last-month')).statusCode).toBe(400);
    expect((await get('village', '/api/stats/report.xlsx?region=150826&period=2026-12')).statusCode).toBe(403);
  });
});
