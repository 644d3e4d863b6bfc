// Printed case documents (DOMAIN §3): the acceptance receipt (受理回执) with the tracking code and its QR code, the
// refusal notice (不予受理告知书) and the case file (案卷). Pure: data in, PDF bytes out; the caller loads the case,
// masks personal data and decides who may print. All times are printed in Beijing time.
import { buildCaseFile } from './case-file.js';
import { TRACK_HINT, addresseeOf, categoryText, lastActivity, partyText, placeText, sentence } from './case-text.js';
import { formatDateTimeCn } from './format.js';
import { BOLD, GREY, OfficialPdf, RED, REGULAR, SEAL_HEIGHT, SIZE } from './pdf.js';
import { drawQrCode } from './qr.js';

export interface CaseDocParty {
  name: string;
  phone?: string | null;
  idNumber?: string | null;
  isRepresentative?: boolean;
}

export interface CaseDocTimelineEntry {
  at: Date;
  actorName: string;
  roleName?: string | null;
  actionName: string;
  note?: string | null;
}

export interface CaseDocInput {
  caseNumber: string; // 150826-20261128-000007
  trackingCode: string; // 7KQ2M9XH3P
  trackUrl: string; // QR code target
  title: string;
  description: string;
  categoryName: string; // 矛盾纠纷
  disputeTypeName?: string | null; // 邻里纠纷
  channelName: string; // 群众网上反映
  placeName: string; // 杭锦后旗 陕坝镇 西环社区 西环一网格
  address?: string | null;
  officeName: string; // 西环社区居委会 / 陕坝镇综治中心 / 杭锦后旗社会治理中心
  countyName: string; // 杭锦后旗
  receivedAt: Date;
  /** Already masked by the caller. */
  applicants: CaseDocParty[];
  respondents: { name: string; phone?: string | null }[];
  statusName: string;
  deadlineText?: string | null; // 请于2026年12月05日前查询办理结果
  timeline: CaseDocTimelineEntry[];
  disposition?: string | null;
  result?: string | null;
  satisfactionName?: string | null;
}

/** Numbered fields with the numbers assigned in order, skipping the ones without a value. */
function numberedFields(pdf: OfficialPdf, fields: [string, string | null | undefined][]): void {
  let n = 0;
  for (const [label, value] of fields) if (value) pdf.field(++n, label, value);
}

// ---- 受理回执 ----------------------------------------------------------------------------------------------------

/** 受理回执: what was received, when and by which office, the tracking code (large, with a QR code), the next step. */
export async function receiptPdf(input: CaseDocInput): Promise<Buffer> {
  const pdf = new OfficialPdf({ title: '受理回执', subject: `受理回执 ${input.caseNumber}`, author: input.officeName, date: input.receivedAt });
  pdf.title('受理回执', { color: RED, rule: true });
  pdf.docNumber(`编号：${input.caseNumber}`);
  pdf.addressee(addresseeOf(input));
  pdf.paragraph(
    `您于${formatDateTimeCn(input.receivedAt)}反映的“${input.title}”事项（反映渠道：${input.channelName}），${input.officeName}已收到并登记，现出具本回执。`,
  );
  trackingBox(pdf, input);
  numberedFields(pdf, [
    ['事项名称', input.title],
    ['事项类别', categoryText(input)],
    ['发生地点', placeText(input)],
    ['反映人', input.applicants.map(partyText).join('；')],
    ['对方当事人', input.respondents.map(partyText).join('；')],
    ['事项概要', input.description],
    ['当前状态', input.statusName],
  ]);
  const deadline = input.deadlineText?.trim() ? sentence(input.deadlineText) : '';
  const nextStep = `下一步：本单位将按照规定的程序和时限审查办理，办理过程和结果可随时查询。${deadline}`;
  pdf.ensureSpace(pdf.paragraphHeight(nextStep) + SEAL_HEIGHT);
  pdf.paragraph(nextStep);
  pdf.officeSeal(input.officeName, input.receivedAt, { signer: '经办人（签名）' });
  return pdf.finish();
}

/** The tracking code printed large, how to use it, and the QR code of the tracking page, in a ruled box. */
function trackingBox(pdf: OfficialPdf, input: CaseDocInput): void {
  const { doc } = pdf;
  const qrSize = 96;
  const pad = 8;
  const qrX = pdf.right - pad - qrSize;
  const x = pdf.left + 2 * pad;
  const width = qrX - x - pad;
  // Each line: font, size, colour, text, extra options, gap above.
  const lines: [string, number, string, string, PDFKit.Mixins.TextOptions, number][] = [
    [BOLD, SIZE.body, '#000000', '查询码', {}, 0],
    [BOLD, 28, RED, input.trackingCode, { characterSpacing: 3 }, 0],
    [REGULAR, SIZE.body, '#000000', `${TRACK_HINT}。`, {}, 2],
    [REGULAR, SIZE.small, GREY, `查询网址：${input.trackUrl}`, {}, 2],
    [REGULAR, SIZE.small, GREY, '请妥善保管本回执，查询码请勿告知无关人员。', {}, 2],
  ];
  const textHeight = lines.reduce((h, [font, size, , text, options, gap]) => {
    doc.font(font).fontSize(size);
    return h + gap + doc.heightOfString(text, { width, ...options });
  }, 0);
  const height = Math.max(qrSize + 12, textHeight) + 2 * pad;
  pdf.ensureSpace(height + 16);
  const top = doc.y + 4;
  doc.save().lineWidth(1).strokeColor('#000000').rect(pdf.left, top, pdf.width, height).stroke().restore();
  drawQrCode(doc, input.trackUrl, qrX, top + pad, qrSize);
  doc.font(REGULAR).fontSize(SIZE.small).fillColor(GREY);
  doc.text('扫码查询办理进度', qrX, top + pad + qrSize + 1, { width: qrSize, align: 'center', lineBreak: false });
  doc.y = top + pad;
  for (const [font, size, color, text, options, gap] of lines) {
    doc.font(font).fontSize(size).fillColor(color);
    doc.text(text, x, doc.y + gap, { width, ...options });
  }
  pdf.resetText();
  doc.y = top + height + 10;
}

// ---- 不予受理告知书 -----------------------------------------------------------------------------------------------

/**
 * 不予受理告知书, addressed to the applicants: the matter, the reason, where else to turn (`advice`), the right to ask
 * questions, the office's seal and the date. `issuedAt` defaults to the latest timeline entry (the refusal itself).
 */
export async function refusalNoticePdf(input: CaseDocInput, reason: string, advice?: string, issuedAt?: Date): Promise<Buffer> {
  const date = issuedAt ?? lastActivity(input);
  const pdf = new OfficialPdf({ title: '不予受理告知书', subject: `不予受理告知书 ${input.caseNumber}`, author: input.officeName, date });
  pdf.title('不予受理告知书', { color: RED, rule: true });
  pdf.docNumber(`编号：${input.caseNumber}`);
  pdf.addressee(input.applicants.length ? input.applicants.map((a) => a.name).join('、') : '反映人');
  pdf.paragraph(
    `您于${formatDateTimeCn(input.receivedAt)}向${input.officeName}反映的“${input.title}”事项（案件编号：${input.caseNumber}），本单位已依法审查。经审查，决定不予受理，现将有关情况告知如下：`,
  );
  numberedFields(pdf, [
    ['反映事项', input.title],
    ['事项类别', categoryText(input)],
    ['发生地点', placeText(input)],
    ['不予受理理由', sentence(reason)],
    ['建议途径', advice?.trim() ? sentence(advice) : '您可以依照法律法规的规定，通过其他合法途径反映诉求或解决纠纷。'],
    [
      '咨询与说明',
      `如对本告知书有疑问，可向${input.officeName}询问，本单位将予以解释说明；也可${TRACK_HINT}（查询码：${input.trackingCode}）。`,
    ],
  ]);
  pdf.ensureSpace(pdf.paragraphHeight('特此告知。') + SEAL_HEIGHT);
  pdf.paragraph('特此告知。');
  pdf.officeSeal(input.officeName, date);
  pdf.signatureLines(['受告知人（签收）', '签收日期'], 2);
  return pdf.finish();
}

// ---- 案卷 ---------------------------------------------------------------------------------------------------------

/** 案卷: cover page, basic information, parties, the full timeline as a table, the outcome; numbered pages. */
export async function caseFilePdf(input: CaseDocInput): Promise<Buffer> {
  const date = lastActivity(input);
  const pdf = new OfficialPdf({ title: `案卷 ${input.caseNumber}`, subject: input.title, author: input.officeName, date });
  buildCaseFile(pdf, input, date);
  return pdf.finish();
}
