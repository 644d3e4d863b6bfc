import { Tag } from 'antd';
import { useI18n } from '../../i18n';
import type { Keyperson, Risk } from './api';

const RISK_COLOR: Record<Risk, string> = { green: 'green', yellow: 'gold', red: 'red' };
const DUE_COLOR: Record<Keyperson['dueState'], string> = { ok: 'default', soon: 'blue', yellow: 'gold', red: 'red', closed: 'default' };

export function RiskTag({ risk }: { risk: Risk }) {
  const { t } = useI18n();
  return <Tag color={RISK_COLOR[risk]}>{t(`kp.risk.${risk}`)}</Tag>;
}
export function DueTag({ state }: { state: Keyperson['dueState'] }) {
  const { t } = useI18n();
  return <Tag color={DUE_COLOR[state]}>{t(`kp.due.${state}`)}</Tag>;
}
