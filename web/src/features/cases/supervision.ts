import type { CaseDetail } from './api';

/** The latest supervision order from the timeline: its grade, reply due time, and whether it was answered. */
export function openSupervision(c: CaseDetail) {
  let last: { grade: string; replyDueAt?: string; note: string | null; answered: boolean } | null = null;
  for (const s of c.timeline) {
    if (s.action === 'supervise') last = { grade: String(s.data?.grade ?? 'normal'), replyDueAt: s.data?.replyDueAt as string | undefined, note: s.note, answered: false };
    if (s.action === 'reply_supervision' && last) last.answered = true;
  }
  return last;
}
