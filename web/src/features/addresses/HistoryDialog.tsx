// 变更记录: who changed what, when (sensitive fields only as "changed").
import { useEffect, useState } from 'react';
import { Alert, Empty, Modal, Timeline } from 'antd';
import { errorMessage } from '../../api';
import { formatTime, useI18n } from '../../i18n';
import { registersApi, type Change } from './api';

const describe = (changes: Record<string, unknown>) =>
  Object.entries(changes).map(([k, v]) => {
    const c = v as { from?: unknown; to?: unknown; changed?: boolean };
    if (c.changed) return `${k}: ***`;
    return `${k}: ${c.from === undefined ? '' : `${JSON.stringify(c.from)} → `}${JSON.stringify(c.to)}`;
  }).join('；');

export function HistoryDialog({ target, onClose }: { target: { kind: 'addresses' | 'housing' | 'establishments' | 'people'; id: number } | null; onClose: () => void }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Change[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setItems(null);
    setError(null);
    if (target) registersApi.history(target.kind, target.id).then((r) => setItems(r.items), (e) => setError(errorMessage(e)));
  }, [target]);
  return (
    <Modal open={target !== null} title={t('reg.history')} onCancel={onClose} footer={null} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} />}
      {items && items.length === 0 && <Empty description={t('reg.history.empty')} />}
      {items && items.length > 0 && (
        <Timeline data-testid="history" items={items.map((c) => ({ key: c.id, content: <><b>{formatTime(c.at)}</b> {c.actorDisplayName ?? c.actorName ?? '—'} · {c.action}<div>{describe(c.changes)}</div></> }))} />
      )}
    </Modal>
  );
}
