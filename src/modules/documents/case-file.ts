// The case file (案卷): a cover page, then 基本情况, 当事人, 办理过程 (every timeline entry, as a table) and 办理结果,
// closed by the filer's signature and the office's seal. Laid out on an OfficialPdf by caseFilePdf (case-docs.ts).
import type { CaseDocInput } from './case-docs.js';
import { TRACK_HINT, categoryText, partyText, placeText } from './case-text.js';
import { formatDateTimeCn } from './format.js';
import { BOLD, OfficialPdf, REGULAR, SEAL_HEIGHT, SIZE } from './pdf.js';
import { drawTable, tableNote } from './pdf-table.js';

export function buildCaseFile(pdf: OfficialPdf, input: CaseDocInput, fileDate: Date): void {
  const timeline = [...input.timeline].sort((a, b) => a.at.getTime() - b.at.getTime());
  cover(pdf, input, fileDate);
  pdf.newPage();
  pdf.title('案件办理情况', { size: 18 });
  pdf.docNumber(`案件编号：${input.caseNumber}`);

  pdf.heading(1, '基本情况');
  const basics: [string, string | null | undefined][] = [
    ['案件编号', input.caseNumber],
    ['查询码', `${input.trackingCode}（${TRACK_HINT}）`],
    ['事项名称', input.title],
    ['事项类别', categoryText(input)],
    ['反映渠道', input.channelName],
    ['发生地点', placeText(input)],
    ['受理单位', input.officeName],
    ['受理时间', formatDateTimeCn(input.receivedAt)],
    ['当前状态', input.statusName],
    ['办理时限', input.deadlineText],
    ['事项概要', input.description],
  ];
  for (const [label, value] of basics) if (value) pdf.field(null, label, value);

  pdf.heading(2, '当事人');
  const partyRows = [
    ...input.applicants.map((a) => [a.isRepresentative ? '申请人（代表人）' : '申请人', a.name, a.phone ?? '', a.idNumber ?? '']),
    ...input.respondents.map((r) => ['被申请人', r.name, r.phone ?? '', '']),
  ];
  if (partyRows.length) {
    drawTable(
      pdf,
      [
        { header: '身份', weight: 3 },
        { header: '姓名', weight: 3 },
        { header: '联系电话', weight: 3 },
        { header: '证件号码', weight: 4 },
      ],
      partyRows,
    );
  } else {
    pdf.paragraph('无登记的当事人（匿名反映）。');
  }

  pdf.heading(3, '办理过程');
  if (timeline.length) {
    drawTable(
      pdf,
      [
        { header: '序号', width: 34, align: 'center', repeat: true },
        { header: '时间', width: timeColumnWidth(pdf) },
        { header: '办理人', weight: 3 },
        { header: '办理事项', weight: 2.4 },
        { header: '说明', weight: 6.6 },
      ],
      timeline.map((e, i) => [
        String(i + 1),
        formatDateTimeCn(e.at),
        e.roleName ? `${e.actorName}（${e.roleName}）` : e.actorName,
        e.actionName,
        e.note ?? '',
      ]),
    );
    tableNote(pdf, `共 ${timeline.length} 条办理记录`);
  } else {
    pdf.paragraph('暂无办理记录。');
  }

  pdf.heading(4, '办理结果');
  pdf.field(null, '处理方式', input.disposition ?? '尚未办结');
  if (input.result) pdf.field(null, '办理结果', input.result);
  pdf.ensureSpace(SIZE.body * 2.5 + SEAL_HEIGHT);
  pdf.field(null, '满意度评价', input.satisfactionName ?? '未评价');

  pdf.officeSeal(input.officeName, fileDate, { signer: '立卷人（签名）' });
}

/** Cover page: the case's identity at a glance, in a ruled label/value table, with filer and reviewer lines. */
function cover(pdf: OfficialPdf, input: CaseDocInput, fileDate: Date): void {
  const { doc } = pdf;
  pdf.docNumber(`案件编号：${input.caseNumber}`);
  doc.y = pdf.top + 60;
  doc.font(BOLD).fontSize(20).fillColor('#000000');
  doc.text(`${input.countyName}社会治理案件`, pdf.left, doc.y, { width: pdf.width, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.6);
  pdf.title('案卷', { size: 40, spacing: 24 });
  doc.y += 24;
  drawTable(
    pdf,
    [
      { header: '', weight: 1, bold: true, align: 'center' },
      { header: '', weight: 3 },
    ],
    [
      ['案件编号', input.caseNumber],
      ['事项名称', input.title],
      ['事项类别', categoryText(input)],
      ['发生地点', placeText(input)],
      ['承办单位', input.officeName],
      ['受理时间', formatDateTimeCn(input.receivedAt)],
      ['最后办理', formatDateTimeCn(fileDate)],
      ['办理状态', input.statusName],
      ['处理方式', input.disposition ?? '尚未办结'],
    ],
    { header: false, fontSize: SIZE.body, padding: 8 },
  );
  doc.y = Math.max(doc.y + 20, pdf.bottom - 50);
  pdf.signatureLines(['立卷人', '审核人'], 2);
}

/** Wide enough for 2026年11月28日 09:30 on one line in the table's font. */
function timeColumnWidth(pdf: OfficialPdf): number {
  pdf.doc.font(REGULAR).fontSize(SIZE.small);
  const width = pdf.doc.widthOfString('2026年12月28日 00:00') + 2 * 4 + 2;
  pdf.resetText();
  return width;
}
