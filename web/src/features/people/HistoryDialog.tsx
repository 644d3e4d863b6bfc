// 变更记录 of one person: who changed what, when (the phone and the name only as "changed").
import { useEffect, useState } from 'react';
import { Alert, Empty, Modal, Timeline } from 'antd';
import { errorMessage } from '../../api';
import { formatTime, useI18n } from '../../i18n';
import { peopleApi } from './api';

type Item = Awaited<ReturnType<typeof peopleApi.history>>['items'][number];

const describe = (changes: Record<string, unknown>) =>
  Object.entries(changes).map(([k, v]) => {
    const c = v as { from?: unknown; to?: unknown; changed?: boolean };
    return c.changed ? `${k}: ***` : `${k}: ${c.from === undefined ? '' : `${JSON.stringify(c.from)} → `}${JSON.stringify(c.to)}`;
  }).join('；');

export function HistoryDialog({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setItems(null);
    setError(null);
    if (id !== null) peopleApi.history(id).then((r) => setItems(r.items), (e) => setError(errorMessage(e)));
  }, [id]);
  return (
    <Modal open={id !== null} title={t('people.history')} onCancel={onClose} footer={null} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} />}
      {items && items.length === 0 && <Empty description={t('people.history.empty')} />}
      {items && items.length > 0 && (
        <Timeline items={items.map((c) => ({ key: c.id, content: <><b>{formatTime(c.at)}</b> {c.actorDisplayName ?? c.actorName ?? '—'} · {c.action}<div>{describe(c.changes)}</div></> }))} />
      )}
    </Modal>
  );
}
