// Wording shared by the case documents: how a category, a place, a party and the addressee are written.
import type { CaseDocInput } from './case-docs.js';

export const TRACK_HINT = '凭查询码和手机号后四位查询办理进度';

export const categoryText = (c: CaseDocInput): string =>
  c.disputeTypeName ? `${c.categoryName}（${c.disputeTypeName}）` : c.categoryName;

export const placeText = (c: CaseDocInput): string => (c.address ? `${c.placeName} ${c.address}` : c.placeName);

export function partyText(p: { name: string; phone?: string | null; idNumber?: string | null; isRepresentative?: boolean }): string {
  return [
    `${p.name}${p.isRepresentative ? '（代表人）' : ''}`,
    p.phone ? `联系电话 ${p.phone}` : '',
    p.idNumber ? `证件号码 ${p.idNumber}` : '',
  ].filter(Boolean).join('，');
}

/** The applicant a letter is addressed to: the representative, else the first; 反映人 when there is none. */
export const addresseeOf = (c: CaseDocInput): string =>
  (c.applicants.find((a) => a.isRepresentative) ?? c.applicants[0])?.name ?? '反映人';

/** The latest time in the record: the date of a decision or of the file, when the caller gives none. */
export const lastActivity = (c: CaseDocInput): Date =>
  c.timeline.reduce((latest, e) => (e.at > latest ? e.at : latest), c.receivedAt);

/** Ends a caller's sentence with 。 unless it already ends with punctuation. */
export const sentence = (s: string): string => {
  const t = s.trim();
  return /[。！？；.!?;]$/.test(t) ? t : `${t}。`;
};
