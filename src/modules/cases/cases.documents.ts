// The printed forms of a case (受理回执, 不予受理告知书, 案卷) from what the caller may see, masked.
// The PDFs are made outside any transaction (font parsing takes a few hundred milliseconds).
import { AppError, text } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import { caseFilePdf, receiptPdf, refusalNoticePdf, type CaseDocInput } from '../documents/case-docs.js';
import * as repo from './cases.repo.js';
import { caseView, timelineView, visibleCase, type CasesCtx } from './cases.core.js';

export async function docInput(ctx: CasesCtx, user: SessionUser, id: number, baseUrl: string): Promise<{ input: CaseDocInput; status: string; refusal: string | null }> {
  const c = await visibleCase(ctx.db, user, id);
  const view = await caseView(ctx, user, c);
  const chain = await repo.ancestorsOf(ctx.db, c.placePath);
  const steps = timelineView(await repo.timeline(ctx.db, id));
  const refusal = steps.filter((s) => s.action === 'reject').at(-1)?.note ?? null;
  return {
    status: c.status,
    refusal,
    input: {
      caseNumber: c.caseNumber,
      trackingCode: c.trackingCode,
      trackUrl: `${baseUrl}/track?code=${c.trackingCode}`,
      title: c.title,
      description: c.description,
      categoryName: view.categoryName,
      disputeTypeName: view.disputeTypeName,
      channelName: view.channelName,
      placeName: chain.filter((r) => r.level !== 'city').map((r) => r.name).join(' '),
      address: c.address,
      officeName: view.officeUnit.name ?? '',
      countyName: chain.find((r) => r.level === 'county')?.name ?? '',
      receivedAt: c.createdAt,
      applicants: view.parties.filter((p) => p.role === 'applicant').map((p) => ({ name: p.name, phone: p.phone, idNumber: p.idNumber, isRepresentative: p.isRepresentative })),
      respondents: view.parties.filter((p) => p.role === 'respondent').map((p) => ({ name: p.name, phone: p.phone })),
      statusName: view.statusName,
      timeline: steps.map((s) => ({ at: s.at, actorName: s.actorName ?? '系统', roleName: null, actionName: s.actionName, note: s.note })),
      disposition: c.disposition,
      result: c.result,
      satisfactionName: view.satisfactionName,
    },
  };
}

export async function casePdf(ctx: CasesCtx, user: SessionUser, id: number, kind: 'receipt' | 'refusal' | 'file', baseUrl: string) {
  const { input, status, refusal } = await docInput(ctx, user, id, baseUrl);
  if (kind === 'receipt') {
    if (status === 'rejected') throw new AppError('CONFLICT', text('不予受理的案件没有受理回执，请打印告知书', 'a refused case has a refusal notice, not a receipt'));
    return receiptPdf(input);
  }
  if (kind === 'refusal') {
    if (status !== 'rejected' || !refusal) throw new AppError('CONFLICT', text('案件未被不予受理', 'the case was not refused'));
    return refusalNoticePdf(input, refusal, '如对本决定有异议，可向上一级社会治理中心反映，或依法向人民法院起诉。');
  }
  return caseFilePdf(input);
}
