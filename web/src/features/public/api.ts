// Citizens' calls: no login (backend: the /api/public/* routes in src/modules/cases/cases.routes.ts).
import { api, post } from '../../api';

export interface Tracked {
  caseNumber: string;
  trackingCode: string;
  title: string;
  categoryName: string;
  status: string;
  statusName: string;
  officeName: string | null;
  createdAt: string;
  closedAt: string | null;
  result: string | null;
  canRate: boolean;
  satisfactionName: string | null;
  timeline: { at: string; actionName: string; statusName: string }[];
}

export const publicApi = {
  report: (body: unknown, idempotencyKey: string) =>
    api<{ id: number; caseNumber: string; trackingCode: string }>('/api/public/cases', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
  photo: (code: string, phone4: string, file: File) => {
    const fd = new FormData();
    fd.append('file', file);
    return api<{ id: number; filename: string }>(`/api/public/cases/${encodeURIComponent(code)}/attachments?phone4=${phone4}`, { method: 'POST', body: fd });
  },
  track: (trackingCode: string, phone4: string) => post<Tracked>('/api/public/track', { trackingCode, phone4 }),
  rate: (trackingCode: string, phone4: string, satisfaction: string, comment?: string) => post<{ status: string }>('/api/public/rate', { trackingCode, phone4, satisfaction, comment }),
};

/** The demo places a citizen picks from (staff pages use the region tree, which needs a login). */
export const PLACES = [
  { value: '150826100001', label: '陕坝镇 · 西环社区' },
  { value: '150826100002', label: '陕坝镇 · 东环社区' },
  { value: '150825100001', label: '蓝天社区' },
  { value: '150802003001', label: '华海尚都社区' },
];

/** Categories and dispute types in plain words. */
export const KINDS = [
  { value: 'dispute', label: '矛盾纠纷（邻里、家庭、欠款等）' },
  { value: 'service', label: '生活求助、咨询' },
  { value: 'city', label: '环境卫生、道路、违建' },
  { value: 'hazard', label: '安全隐患（火灾、燃气、危房）' },
  { value: 'security', label: '治安问题' },
];
export const DISPUTE_KINDS = [
  { value: '02', label: '邻里之间' },
  { value: '01', label: '婚姻家庭' },
  { value: '04', label: '房屋、物业' },
  { value: '06', label: '买卖、合同' },
  { value: '07', label: '工资、劳动' },
  { value: '08', label: '借钱、欠款' },
  { value: '09', label: '土地、宅基地' },
  { value: '99', label: '其他' },
];
