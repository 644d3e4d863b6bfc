// 督办看板 API (backend: src/modules/deadlines/board.ts).
import { get, queryString } from '../../api';

export type Grade = 'normal' | 'yellow' | 'red';
export type BoardState = 'waiting' | 'overdue' | 'replied';

export interface BoardItem {
  id: number;
  caseId: number;
  caseNumber: string;
  title: string;
  status: string;
  grade: Grade;
  note: string | null;
  issuedAt: string;
  issuedByName: string | null;
  replyDueAt: string;
  repliedAt: string | null;
  reply: string | null;
  unitName: string;
  placeName: string;
  state: BoardState;
}

export interface BoardFilter {
  region?: string;
  grade?: Grade;
  state?: BoardState | 'open' | 'all';
}

export interface BoardCounts {
  all: number;
  waiting: number;
  overdue: number;
  replied: number;
  open: Record<Grade, number>;
}

export const boardApi = {
  list: (f: BoardFilter, cursor?: number, signal?: AbortSignal) =>
    get<{ items: BoardItem[]; nextCursor: number | null; counts: BoardCounts }>(`/api/supervision/board?${queryString({ ...f, cursor, limit: 50 })}`, signal),
};

/** delivery state only: administrators see no text, no case and no phone but its last four digits */
export interface OutboxItem {
  id: number;
  kind: string;
  recipient: string;
  phoneLast4: string;
  length: number;
  createdAt: string;
  sentAt: string | null;
}

export const outboxApi = {
  list: (cursor?: number, signal?: AbortSignal) => get<{ items: OutboxItem[]; nextCursor: number | null }>(`/api/sms-outbox?${queryString({ cursor, limit: 50 })}`, signal),
};
