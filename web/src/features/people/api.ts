// 实有人口 (backend: src/modules/people/people.routes.ts). Every answer is masked except an unmask.
import { get, post, queryString } from '../../api';
import type { MessageKey } from '../../i18n';

export const ID_TYPES = ['resident_id', 'hmt_residence', 'foreign_permanent', 'passport', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const ID_TYPE_KEYS: Record<IdType, MessageKey> = {
  resident_id: 'people.idType.resident_id',
  hmt_residence: 'people.idType.hmt_residence',
  foreign_permanent: 'people.idType.foreign_permanent',
  passport: 'people.idType.passport',
  other: 'people.idType.other',
};

export interface Person {
  id: number;
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string | null;
  registration: 'registered' | 'floating';
  gridCode: string;
  gridName: string;
  address: string | null;
  householdNo: string | null;
  householdRelation: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  masked: boolean;
}

export interface PeopleFilter {
  gridCode?: string;
  q?: string;
  idNumber?: string;
  phone?: string;
}

export interface NewPerson {
  name: string;
  idType: IdType;
  idNumber: string;
  phone?: string;
  gridCode: string;
  registration: 'registered' | 'floating';
}

export const peopleApi = {
  list: (f: PeopleFilter, cursor?: number, signal?: AbortSignal) =>
    get<{ items: Person[]; nextCursor: number | null }>(`/api/people?${queryString({ ...f, cursor, limit: 50 })}`, signal),
  create: (p: NewPerson) => post<Person>('/api/people', p),
  unmask: (id: number, reason: string) => post<Person>(`/api/people/${id}/unmask`, { reason }),
  exportUrl: (f: PeopleFilter) => `/api/people/export.xlsx?${queryString({ ...f })}`,
  history: (id: number) => get<{ items: { id: number; action: string; changes: Record<string, unknown>; actorName: string | null; actorDisplayName: string | null; at: string }[] }>(`/api/people/${id}/history`),
};
