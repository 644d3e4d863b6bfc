// 标准地址, 实有房屋, 实有单位 and the counts (backend: src/modules/{addresses,housing,establishments,registers}/).
import { get, post, queryString } from '../../api';

export type AddressKind = 'place' | 'building' | 'unit' | 'room';
export interface Address { id: number; parentId: number | null; kind: AddressKind; name: string; fullName: string; gridCode: string; gridName: string }
export interface House { id: number; address: string; use: string; useName: string; rented: boolean; ownerName: string | null; tenantCount: number; area: number | null; gridName: string; gridCode: string }
export interface Establishment { id: number; name: string; kind: string; kindName: string; address: string | null; contactName: string | null; contactPhone: string | null; employees: number | null; gridName: string }
export interface Change { id: number; action: string; changes: Record<string, unknown>; actorName: string | null; actorDisplayName: string | null; at: string }
export type Counts = { houses: number; rented: number; people: number; floating: number; establishments: number; keypersons?: number };
export interface Stats { region: { code: string; name: string }; total: Counts; children: (Counts & { code: string; name: string })[] }
export type Page<T> = { items: T[]; nextCursor: number | null };
type F = Record<string, string | number | undefined>;

export const registersApi = {
  addresses: (f: F, cursor?: number, signal?: AbortSignal) => get<Page<Address>>(`/api/addresses?${queryString({ ...f, cursor, limit: 50 })}`, signal),
  createAddress: (a: { parentId?: number; kind: AddressKind; name: string; gridCode?: string }) => post<Address>('/api/addresses', a),
  housing: (f: F, cursor?: number, signal?: AbortSignal) => get<Page<House>>(`/api/housing?${queryString({ ...f, cursor, limit: 50 })}`, signal),
  createHouse: (h: { addressId: number; use: string; rented: boolean; area?: number }) => post<House>('/api/housing', h),
  establishments: (f: F, cursor?: number, signal?: AbortSignal) => get<Page<Establishment>>(`/api/establishments?${queryString({ ...f, cursor, limit: 50 })}`, signal),
  createEstablishment: (e: Record<string, unknown>) => post<Establishment>('/api/establishments', e),
  history: (kind: 'addresses' | 'housing' | 'establishments' | 'people', id: number) => get<{ items: Change[] }>(`/api/${kind}/${id}/history`),
  stats: (regionCode?: string) => get<Stats>(`/api/registers/stats?${queryString({ regionCode })}`),
  exportUrl: (kind: 'housing' | 'establishments' | 'people', f: F) => `/api/${kind}/export.xlsx?${queryString(f)}`,
};
