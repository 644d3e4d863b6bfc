// How each level looks on the map and what it is called (names from GET /api/meta, with a fallback).
import type { PathOptions } from 'leaflet';
import type { Level } from './api';
import type { LevelInfo } from '../auth/session';
import type { Lang } from '../../i18n';

export const LEVEL_STYLE: Record<Level, PathOptions> = {
  city: { color: '#595959', weight: 2, dashArray: '6 4', fillOpacity: 0 },
  county: { color: '#595959', weight: 2, dashArray: '6 4', fillOpacity: 0 },
  town: { color: '#434343', weight: 2.5, dashArray: '8 5', fillOpacity: 0 },
  village: { color: '#1d39c4', weight: 3, fillColor: '#adc6ff', fillOpacity: 0.12 },
  grid_big: { color: '#d46b08', weight: 2.5, fillColor: '#ffd591', fillOpacity: 0.18 },
  grid_small: { color: '#52c41a', weight: 1.2, fillColor: '#b7eb8f', fillOpacity: 0.3 },
  grid_micro: { color: '#9254de', weight: 1, fillColor: '#d3adf7', fillOpacity: 0.45 },
};

const FALLBACK: Record<Level, { zh: string; en: string }> = {
  city: { zh: '市/盟', en: 'city' },
  county: { zh: '旗县区', en: 'county' },
  town: { zh: '苏木镇/街道', en: 'town' },
  village: { zh: '嘎查村/社区', en: 'village' },
  grid_big: { zh: '大网格', en: 'big grid' },
  grid_small: { zh: '小网格', en: 'small grid' },
  grid_micro: { zh: '微网格', en: 'micro grid' },
};

export function levelName(level: string, lang: Lang, levels?: LevelInfo[] | null): string {
  const info = levels?.find((l) => l.level === level) ?? FALLBACK[level as Level];
  return info ? (lang === 'en' ? info.en : info.zh) : level;
}
