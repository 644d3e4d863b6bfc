import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { caseFilePdf, receiptPdf, refusalNoticePdf } from './case-docs.js';
import { sampleCase } from './case-docs.fixture.js';
import { chineseNumeral, formatDateCn, formatDateTimeCn } from './format.js';
import { compact, readPdf, renderPage } from './pdf-inspect.test-util.js';

const KB = 1024;
const footers = (n: number) => Array.from({ length: n }, (_, i) => `第${i + 1}页共${n}页`);

describe('Chinese formats', () => {
  it('prints Beijing time whatever the instant’s UTC date', () => {
    expect(formatDateTimeCn(new Date('2026-11-28T01:30:00Z'))).toBe('2026年11月28日 09:30');
    expect(formatDateTimeCn(new Date('2026-11-27T16:05:00Z'))).toBe('2026年11月28日 00:05');
    expect(formatDateCn(new Date('2026-12-31T16:00:00Z'))).toBe('2027年01月01日');
  });
  it('numbers fields the official way', () => {
    expect([1, 9, 10, 11, 20, 21, 99].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '二十', '二十一', '九十九']);
  });
});

describe('受理回执', () => {
  it('shows the case, the tracking code, the masked applicant and how to track, on one page', async () => {
    const input = sampleCase();
    const pdf = await receiptPdf(input);
    const { numPages, pages, info } = await readPdf(pdf);
    expect(numPages).toBe(1);
    expect(info.Title).toBe('受理回执');
    const text = compact(pages[0]!);
    for (const expected of [
      '受理回执',
      '编号：150826-20261128-000007',
      '7KQ2M9XH3P',
      '凭查询码和手机号后四位查询办理进度',
      '张*华：',
      '张*华（代表人），联系电话138****5678，证件号码150826********1234',
      '刘*，联系电话139****0001',
      '陈*，联系电话137****4321',
      '您于2026年11月28日09:30反映的“楼上卫生间漏水致楼下墙面受损”事项（反映渠道：群众网上反映），西环社区居委会已收到并登记',
      '矛盾纠纷（邻里纠纷）',
      '杭锦后旗陕坝镇西环社区西环一网格西环小区3号楼2单元402室',
      input.description,
      '请于2026年12月05日前查询办理结果。',
      '一、事项名称：',
      '经办人（签名）：',
      '（盖章处）',
      '西环社区居委会2026年11月28日',
      '第1页共1页',
    ]) {
      expect(text).toContain(expected);
    }
    expect(pdf.length).toBeLessThan(300 * KB);
  });

  it('never leaves the seal alone on a page: the closing words go with it', async () => {
    const input = { ...sampleCase(), description: '楼上卫生间长期渗水，楼下墙面发霉。'.repeat(40) };
    const { numPages, pages } = await readPdf(await receiptPdf(input));
    expect(numPages).toBe(2);
    const last = compact(pages[1]!);
    expect(last).toContain('（盖章处）');
    expect(last).toContain('下一步：本单位将按照规定的程序和时限审查办理');
    expect(compact(pages.join('')).replace(/第\d+页共\d+页/g, '')).toContain(input.description);
  });

  it('is byte-for-byte the same for the same input (creation date from the input)', async () => {
    const [a, b] = await Promise.all([receiptPdf(sampleCase()), receiptPdf(sampleCase())]);
    expect(a.equals(b)).toBe(true);
    expect((await readPdf(a)).info.CreationDate).toMatch(/^D:20261128013000Z/);
  });

  it('carries a QR code that scans to the tracking page', async () => {
    const input = { ...sampleCase(), trackUrl: 'https://county.example/track?code=ZZ9QW3KM7P' };
    let page;
    try {
      page = await renderPage(await receiptPdf(input), 1, 3);
    } catch (error) {
      // Rendering needs @napi-rs/canvas (optional dependency of pdfjs-dist, prebuilt for common platforms).
      console.warn(`QR decode skipped: cannot render PDF pages here (${String(error)})`);
      return;
    }
    const decoded = jsQR(page.data, page.width, page.height);
    expect(decoded?.data).toBe('https://county.example/track?code=ZZ9QW3KM7P');
  });
});

describe('不予受理告知书', () => {
  const reason = '所反映事项已由人民法院立案受理，依法不属于本单位受理范围';

  it('tells the applicants the matter, the reason, where else to turn and whom to ask', async () => {
    const input = { ...sampleCase(2), statusName: '不予受理' };
    const { numPages, pages, info } = await readPdf(
      await refusalNoticePdf(input, reason, '请向杭锦后旗人民法院咨询案件审理进度。'),
    );
    expect(numPages).toBe(1);
    expect(info.Title).toBe('不予受理告知书');
    const text = compact(pages[0]!);
    for (const expected of [
      '不予受理告知书',
      '编号：150826-20261128-000007',
      '张*华、刘*：',
      '反映的“楼上卫生间漏水致楼下墙面受损”事项（案件编号：150826-20261128-000007）',
      `二、事项类别：矛盾纠纷（邻里纠纷）`,
      `四、不予受理理由：${reason}`,
      '五、建议途径：请向杭锦后旗人民法院咨询案件审理进度。',
      '六、咨询与说明：如对本告知书有疑问，可向西环社区居委会询问',
      '查询码：7KQ2M9XH3P',
      '特此告知。',
      '（盖章处）',
      // Dated by the latest timeline entry (the refusal): 11:30 Beijing time on the 28th.
      '西环社区居委会2026年11月28日',
      '受告知人（签收）：',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('gives general advice when none is given, and prints the date it is issued', async () => {
    const pdf = await refusalNoticePdf(sampleCase(1), reason, undefined, new Date('2026-12-03T02:00:00Z'));
    const text = compact((await readPdf(pdf)).pages.join(''));
    expect(text).toContain('五、建议途径：您可以依照法律法规的规定，通过其他合法途径反映诉求或解决纠纷。');
    expect(text).toContain('西环社区居委会2026年12月03日');
  });
});

describe('案卷', () => {
  it('has a cover, the parties, every one of 80 timeline entries and the outcome, with page numbers', async () => {
    const input = sampleCase(80);
    const pdf = await caseFilePdf(input);
    const { numPages, pages, info } = await readPdf(pdf);
    expect(numPages).toBeGreaterThanOrEqual(4);
    expect(info.Title).toBe('案卷 150826-20261128-000007');
    const texts = pages.map(compact);
    texts.forEach((t, i) => expect(t).toContain(footers(numPages)[i]));

    expect(texts[0]).toContain('杭锦后旗社会治理案件');
    expect(texts[0]).toContain('案卷');
    expect(texts[0]).toContain('事项名称楼上卫生间漏水致楼下墙面受损');
    expect(texts[0]).toContain('承办单位西环社区居委会');
    expect(texts[0]).toContain('受理时间2026年11月28日09:30');
    expect(texts[0]).toContain('最后办理2026年12月01日17:30');
    expect(texts[0]).toContain('办理状态办理中');

    const all = texts.join('');
    for (const expected of [
      '一、基本情况',
      '查询码：7KQ2M9XH3P',
      '二、当事人',
      '申请人（代表人）张*华138****5678150826********1234',
      '被申请人陈*137****4321',
      '三、办理过程',
      '1 2026年11月28日10:30王*（网格员）上报现场核实，楼上卫生间防水层破损，已拍照留存。'.replace(' ', ''),
      '802026年12月01日17:30赵*（人民调解员）反馈（第80次）双方同意由楼上住户负责维修防水层，并赔偿楼下损失人民币800元。',
      '共80条办理记录',
      '四、办理结果',
      '处理方式：调解成功',
      '办理结果：双方签订人民调解协议',
      '满意度评价：满意',
      '立卷人（签名）：',
    ]) {
      expect(all).toContain(expected);
    }
    // Every entry once, in time order, each page's table restarting with its header.
    const times = input.timeline.map((e) => compact(formatDateTimeCn(e.at)));
    let from = 0;
    for (const t of times) {
      const at = all.indexOf(t, from);
      expect(at, t).toBeGreaterThan(from - 1);
      from = at + t.length;
    }
    const continued = texts.slice(3).filter((t) => t.includes('序号时间办理人办理事项说明'));
    expect(continued.length).toBeGreaterThan(0);
    expect(pdf.length).toBeLessThan(300 * KB);
  });

  it('carries a note longer than a page over to the next pages without losing a word', async () => {
    const input = sampleCase(3);
    const note = Array.from({ length: 400 }, (_, i) => `第${String(i + 1).padStart(3, '0')}句调查笔录内容。`).join('');
    input.timeline[1]!.note = note;
    const { numPages, pages } = await readPdf(await caseFilePdf(input));
    expect(numPages).toBeGreaterThanOrEqual(4);
    const all = pages
      .map(compact)
      .join('')
      .replace(/第\d+页共\d+页/g, '')
      .replace(/序号时间办理人办理事项说明2（续）/g, ''); // the header and the entry's number repeated
    expect(all).toContain(note);
  });

  it('prints a case without parties or timeline', async () => {
    const input = { ...sampleCase(0), applicants: [], respondents: [], disposition: null, result: null, satisfactionName: null };
    const text = compact((await readPdf(await caseFilePdf(input))).pages.join(''));
    expect(text).toContain('无登记的当事人（匿名反映）。');
    expect(text).toContain('暂无办理记录。');
    expect(text).toContain('处理方式：尚未办结');
    expect(text).toContain('满意度评价：未评价');
  });
});
