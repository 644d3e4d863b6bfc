// 季季评 API (backend: src/modules/evaluation/evaluation.routes.ts).
import { api, get, queryString } from '../../api';

export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}
export interface ScorePart {
  part: string;
  name: string;
  weight: number;
  rate: Rate;
  points: number | null;
}
export interface EvalRow {
  id: number;
  code: string | null;
  name: string;
  received: number;
  score: number | null;
  rank: number | null;
  countedWeight: number;
  parts: ScorePart[];
}
export interface Evaluation {
  quarter: string;
  from: string;
  to: string;
  kind: 'region' | 'unit';
  region: { code: string; name: string };
  weights: Record<string, number>;
  partNames: Record<string, { zh: string; en: string }>;
  items: EvalRow[];
}

export const evaluationApi = {
  ranking: (quarter: string, kind: string) => get<Evaluation>(`/api/evaluation?${queryString({ quarter, kind })}`),
  weights: () => get<Record<string, number>>('/api/evaluation/weights'),
  setWeights: (w: Record<string, number>) => api<Record<string, number>>('/api/evaluation/weights', { method: 'PUT', body: w }),
};

export function currentQuarter() {
  const d = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
  return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
}

export function recentQuarters(n = 6) {
  const [y, q] = currentQuarter().split('-Q').map(Number);
  return Array.from({ length: n }, (_, i) => {
    const k = y * 4 + (q - 1) - i;
    return `${Math.floor(k / 4)}-Q${(k % 4) + 1}`;
  });
}
