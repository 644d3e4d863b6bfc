// The stage clock's state as a tag (UI.md): 即将到期 gold, 已超期 red; nothing while the clock runs normally.
import { Tag } from 'antd';
import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { formatTime, useI18n } from '../../i18n';
import type { DueState } from './api';

export function DueBadge({ state, due }: { state?: DueState | null; due?: string | null }) {
  const { t } = useI18n();
  if (state !== 'yellow' && state !== 'red') return null;
  return (
    <Tag
      color={state === 'red' ? 'red' : 'gold'}
      icon={state === 'red' ? <ExclamationCircleOutlined /> : <ClockCircleOutlined />}
      title={due ? formatTime(due) : undefined}
      data-testid="due-state"
      data-state={state}
    >
      {t(state === 'red' ? 'due.red' : 'due.yellow')}
    </Tag>
  );
}
