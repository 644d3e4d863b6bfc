// The inbox bell in the top bar: unread count (polled every 30 s), the latest items in a dropdown panel;
// clicking an item marks it read and opens its case.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Badge, Button, Empty, Popover, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { errorMessage, get, post } from '../../api';
import { formatTime, useI18n, type MessageKey } from '../../i18n';

export interface InboxItem {
  id: number;
  caseId: number | null;
  kind: string;
  title: string;
  body: string | null;
  createdAt: string;
  readAt: string | null;
}

const POLL_MS = 30_000;
/** tag colour per kind: 红牌 and lapses red, 黄牌 and warnings gold (UI.md) */
const KIND_COLOR: Record<string, string> = {
  supervise_red: 'red',
  supervise_yellow: 'gold',
  supervise_normal: 'blue',
  red: 'red',
  yellow: 'gold',
  urge: 'orange',
  whistle: 'purple',
};

export function InboxBell({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  const load = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      const r = await get<{ items: InboxItem[]; unread: number }>('/api/inbox?limit=20');
      setItems(r.items);
      setUnread(r.unread);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      busy.current = false;
    }
  }, []);

  useEffect(() => {
    load();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') load();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  const openItem = async (it: InboxItem) => {
    setOpen(false);
    if (!it.readAt) {
      setItems((list) => list?.map((x) => (x.id === it.id ? { ...x, readAt: new Date().toISOString() } : x)) ?? null);
      setUnread((n) => Math.max(0, n - 1));
      post(`/api/inbox/${it.id}/read`).catch(() => load());
    }
    if (it.caseId) navigate(`/cases/${it.caseId}`);
  };

  const panel = (
    <div className="fq-inbox" data-testid="inbox-panel">
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {items && items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
      ) : (
        <ul className="fq-inbox-list">
          {!items && !error && <li className="fq-inbox-loading">{t('common.loading')}</li>}
          {(items ?? []).map((it) => (
            <li
              key={it.id}
              className={`fq-inbox-item${it.readAt ? '' : ' fq-inbox-unread'}`}
              onClick={() => openItem(it)}
              data-testid="inbox-item"
              data-kind={it.kind}
              data-case={it.caseId ?? undefined}
            >
              <div className="fq-inbox-line">
                {!it.readAt && <Badge status="processing" />}
                <span className="fq-inbox-title">{it.title}</span>
                {KIND_COLOR[it.kind] && (
                  <Tag color={KIND_COLOR[it.kind]} className="fq-inbox-kind">
                    {t(`inbox.kind.${it.kind}` as MessageKey)}
                  </Tag>
                )}
              </div>
              {it.body && <div className="fq-inbox-body">{it.body}</div>}
              <Typography.Text type="secondary" className="fq-inbox-time">
                {formatTime(it.createdAt)}
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) load();
      }}
      trigger="click"
      placement="bottomRight"
      title={
        <span className="fq-inbox-head">
          {t('inbox.title')}
          <Typography.Text type="secondary">{t('inbox.unread', { n: unread.toLocaleString() })}</Typography.Text>
        </span>
      }
      content={panel}
      arrow={false}
    >
      <Button type="text" aria-label={t('inbox.title')} data-testid="inbox-bell" className="fq-inbox-bell">
        <Badge count={unread} overflowCount={99} size="small" data-testid="inbox-count">
          <BellOutlined className="fq-inbox-icon" />
        </Badge>
        {compact ? null : <span className="fq-inbox-label">{t('inbox.title')}</span>}
      </Button>
    </Popover>
  );
}
