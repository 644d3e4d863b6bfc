// 重点人员 (backend: src/modules/keypersons/). Every read is audited server-side; identities come masked.
import { api, get, patch, post, queryString } from '../../api';

export type Risk = 'green' | 'yellow' | 'red';
export interface FieldDef { key: string; label: string; type: 'text' | 'date' | 'int' | 'enum' | 'bool'; options?: string[]; min?: number; max?: number; required?: boolean; sensitive?: boolean }
export interface Category { code: string; name: string; grp: string; fields: FieldDef[]; visitDays: Record<Risk, number>; sort: number; active: boolean }
export interface Keyperson {
  id: number;
  personId: number;
  personName: string;
  idNumber: string;
  phone: string | null;
  categoryCode: string;
  categoryName: string;
  risk: Risk;
  attributes: Record<string, unknown>;
  facts: Record<string, unknown> | null;
  status: 'active' | 'closed';
  lastVisitOn: string | null;
  nextDueOn: string;
  dueState: 'closed' | 'ok' | 'soon' | 'yellow' | 'red';
  gridCode: string;
  gridName: string;
  version: number;
}
export interface Visit { id: number; visitedOn: string; findings: string; visitor: string; photos: string[] }
export interface KeypersonDetail extends Keyperson { fieldDefs: FieldDef[]; cadres: { id: number; displayName: string }[]; visits: Visit[] }
export interface KeypersonFilter { gridCode?: string; categoryCode?: string; risk?: Risk; due?: 'overdue' | 'soon'; q?: string }
export interface NewKeyperson { idNumber: string; categoryCode: string; risk: Risk; fields: Record<string, unknown> }

export const keypersonsApi = {
  categories: () => get<{ items: Category[] }>('/api/keyperson-categories'),
  list: (f: KeypersonFilter, cursor?: number, signal?: AbortSignal) =>
    get<{ items: Keyperson[]; nextCursor: number | null }>(`/api/keypersons?${queryString({ ...f, cursor, limit: 50 })}`, signal),
  get: (id: number) => get<KeypersonDetail>(`/api/keypersons/${id}`),
  create: (k: NewKeyperson) => post<KeypersonDetail>('/api/keypersons', k),
  update: (id: number, body: { risk?: Risk; status?: 'active' | 'closed'; version: number }) => patch<KeypersonDetail>(`/api/keypersons/${id}`, body),
  uploadPhoto: (id: number, file: File) => {
    const body = new FormData();
    body.append('file', file);
    return api<{ photo: string }>(`/api/keypersons/${id}/photos`, { method: 'POST', body });
  },
  photoUrl: (id: number, name: string) => `/api/keypersons/${id}/photos/${encodeURIComponent(name)}`,
  visit: (id: number, v: { visitedOn?: string; findings: string; photos?: string[] }) => post<KeypersonDetail>(`/api/keypersons/${id}/visits`, v),
  ledgerUrl: (f: KeypersonFilter) => `/api/keypersons/ledger.xlsx?${queryString({ ...f })}`,
};
