import { Tag } from 'antd';
import { STATE_COLORS, STATE_NAMES, type CaseState } from './codes';

/** The case status in the colours of UI.md, the same everywhere. */
export function StatusTag({ status, name }: { status: string; name?: string }) {
  const s = status as CaseState;
  return (
    <Tag color={STATE_COLORS[s] ?? 'default'} data-testid="case-status" data-status={status}>
      {name ?? STATE_NAMES[s] ?? status}
    </Tag>
  );
}
