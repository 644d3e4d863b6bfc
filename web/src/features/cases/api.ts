// The case API as typed calls (backend: src/modules/cases/cases.routes.ts).
import { api, get, post, queryString } from '../../api';
import type { CaseAction, CaseState } from './codes';

export interface CaseSummary {
  id: number;
  caseNumber: string;
  title: string;
  description: string;
  category: string;
  categoryName: string;
  disputeType: string | null;
  disputeTypeName: string | null;
  urgency: string;
  channel: string;
  channelName: string;
  address: string | null;
  level: string;
  levelName: string;
  highestLevel: string;
  status: CaseState;
  statusName: string;
  version: number;
  confidential: boolean;
  disposition: string | null;
  result: string | null;
  satisfaction: string | null;
  satisfactionName: string | null;
  reworkCount: number;
  stageDueAt: string | null;
  /** the deadline falls in a year whose working-day calendar is not entered yet: recomputed when it is */
  stageDueProvisional?: boolean;
  /** where the stage clock stands: gold from 75 % of the time, red when overdue */
  dueState?: DueState;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export type DueState = 'none' | 'normal' | 'yellow' | 'red';

export interface Party {
  id: number;
  role: 'applicant' | 'respondent' | 'agent';
  isRepresentative: boolean;
  kind: 'person' | 'organisation';
  name: string;
  idType: string | null;
  idNumber: string | null;
  phone: string | null;
}

export interface TimelineStep {
  id: number;
  at: string;
  action: string;
  actionName: string;
  actorName: string | null;
  role: string | null;
  fromStatus: string | null;
  toStatus: string;
  toStatusName: string;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface CaseDetail extends CaseSummary {
  stage?: string | null;
  stageStartedAt?: string | null;
  stageDueProvisional?: boolean;
  place: { code: string; name: string; level: string; /** from the county down */ fullName?: string };
  officeUnit: { id: number; name: string | null };
  assignedUnit: { id: number; name: string | null } | null;
  assignedUserName: string | null;
  parties: Party[];
  allowedActions: CaseAction[];
  timeline: TimelineStep[];
  /** a concluded petition's review (复查) and re-review (复核) clocks; null otherwise */
  petition?: PetitionClock | null;
}

export interface ReviewStep {
  requestedAt: string;
  reason: string;
  decideDueAt: string;
  decideDueProvisional: boolean;
  decidedAt: string | null;
  result: string | null;
  overdue: boolean;
}

export interface PetitionClock {
  decidedAt: string;
  reviewRequestDueAt: string;
  reviewRequestOpen: boolean;
  review: ReviewStep | null;
  rereviewRequestDueAt: string | null;
  rereviewRequestOpen: boolean;
  rereview: ReviewStep | null;
}

export interface Attachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  uploadedByName: string;
  createdAt: string;
}

export interface Assignee {
  id: number;
  name: string;
  kind: string;
  regionCode: string;
  regionName: string;
}

export interface Duplicate extends CaseSummary {
  reasons: string[];
  similarity: number;
}

export interface CaseFilter {
  status?: string;
  region?: string;
  category?: string;
  type?: string;
  channel?: string;
  q?: string;
  mine?: 'todo' | 'office' | 'unit';
  /** the stage clock (server-side): yellow from 75 % of the time, overdue (= red), ok (running, not yet yellow) */
  due?: DueFilter;
  /** cases with a supervision order (督办) not yet replied to */
  supervised?: 'open';
}

export type DueFilter = 'yellow' | 'overdue' | 'ok';

export type Workbench = Record<'toAccept' | 'toAssign' | 'myTodo' | 'toVerify' | 'toRate' | 'open' | 'closed' | 'dueSoon' | 'overdue' | 'supervising', number>;

export interface Created {
  id: number;
  caseNumber: string;
  trackingCode: string;
  status: string;
  version: number;
}

export interface ActionInput {
  action: CaseAction;
  version: number;
  note?: string;
  reason?: string;
  unitId?: number;
  primaryId?: number;
  result?: string;
  disposition?: string;
  passed?: boolean;
  satisfaction?: string;
  method?: string;
  grade?: 'normal' | 'yellow' | 'red';
  replyDueAt?: string;
  days?: number;
  approve?: boolean;
  unitIds?: number[];
  dueAt?: string;
}

export const casesApi = {
  workbench: (signal?: AbortSignal) => get<Workbench>('/api/cases/workbench', signal),
  list: (f: CaseFilter, cursor?: number, signal?: AbortSignal) =>
    get<{ items: CaseSummary[]; nextCursor: number | null }>(`/api/cases?${queryString({ ...f, cursor, limit: 30 })}`, signal),
  get: (id: number, signal?: AbortSignal) => get<CaseDetail>(`/api/cases/${id}`, signal),
  duplicates: (id: number) => get<Duplicate[]>(`/api/cases/${id}/duplicates`),
  assignees: (id: number) => get<Assignee[]>(`/api/cases/${id}/assignees`),
  act: (id: number, input: ActionInput) => post<CaseDetail>(`/api/cases/${id}/actions`, input),
  attachments: (id: number) => get<Attachment[]>(`/api/cases/${id}/attachments`),
  upload: (id: number, file: File) => {
    const fd = new FormData();
    fd.append('file', file);
    return api<Attachment>(`/api/cases/${id}/attachments`, { method: 'POST', body: fd });
  },
  create: (body: unknown, idempotencyKey: string) => api<Created>('/api/cases', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
};

export const docUrl = (id: number, doc: 'receipt.pdf' | 'refusal.pdf' | 'case-file.pdf') => `/api/cases/${id}/${doc}`;
export const attachmentUrl = (id: number, attachmentId: number) => `/api/cases/${id}/attachments/${attachmentId}`;
