// 走访: the key persons this worker may see (GET /api/keypersons, masked; the last list is kept on the phone
// for offline use) and a visit form (date, findings) that goes through the same outbox with its own
// Idempotency-Key, so a visit logged offline arrives once when the network returns. Photos (拍照) wait with
// it and go first, each under its own key, so a replayed queue stores each photo once.
import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, Input, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { MobileError, mobileFetch } from './device';
import { enqueue, newId, queuedPhoto } from './outbox';
import { PhotoPicker } from './PhotoPicker';

interface Keyperson { id: number; personName: string; categoryName: string; gridName: string; risk: 'green' | 'yellow' | 'red'; lastVisitOn: string | null; nextDueOn: string; dueState: string }
const CACHE = 'fq.mobile.keypersons';
const RISK_COLOR = { green: 'green', yellow: 'gold', red: 'red' } as const;
const DUE_COLOR: Record<string, string> = { red: 'red', yellow: 'orange', soon: 'gold' };

function cached(): Keyperson[] | null {
  try {
    return JSON.parse(localStorage.getItem(CACHE) ?? 'null');
  } catch {
    return null;
  }
}

const localDay = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The key persons this worker may see: the last list kept on the phone at once, then the server's (offline: the kept one, marked stale). */
function useKeypersons() {
  const [list, setList] = useState<Keyperson[] | null>(cached());
  const [stale, setStale] = useState(false);
  const [denied, setDenied] = useState(false);
  useEffect(() => {
    mobileFetch('/api/keypersons?limit=200').then(
      (r) => {
        const items = (r as { items: Keyperson[] }).items;
        localStorage.setItem(CACHE, JSON.stringify(items));
        setList(items);
        setStale(false);
      },
      (e: MobileError) => {
        if (e.status === 403) setDenied(true);
        else setStale(true);
      },
    );
  }, []);
  return { list, stale, denied };
}

/** 首页: the visits that are due or overdue, soonest first (UI.md: "today's tasks and due visits"). */
export function DueVisits({ onOpen }: { onOpen: () => void }) {
  const { t } = useI18n();
  const { list, denied } = useKeypersons();
  if (denied || !list) return null;
  const due = list.filter((k) => DUE_COLOR[k.dueState]).sort((a, b) => a.nextDueOn.localeCompare(b.nextDueOn));
  return (
    <Card size="small" title={t('mobile.home.visits', { n: due.length })} extra={<Button size="small" onClick={onOpen}>{t('mobile.tab.visits')}</Button>} data-testid="home-visits">
      {due.length === 0 && <Typography.Text type="secondary">{t('mobile.home.visits.none')}</Typography.Text>}
      {due.slice(0, 5).map((k) => (
        <Flex key={k.id} justify="space-between" align="center" className="fq-m-row" data-testid="home-visit">
          <span>{k.personName} · {k.categoryName}</span>
          <span>{k.nextDueOn} <Tag color={DUE_COLOR[k.dueState]}>{t(k.dueState === 'soon' ? 'mobile.visits.soon' : 'mobile.visits.overdue')}</Tag></span>
        </Flex>
      ))}
    </Card>
  );
}

export function VisitsTab({ onSaved }: { onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { list, stale, denied } = useKeypersons();
  const [open, setOpen] = useState<Keyperson | null>(null);
  const [day, setDay] = useState(localDay());
  const [findings, setFindings] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);


  async function save() {
    if (!open) return;
    if (findings.trim().length < 2 || !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
      message.error(t('mobile.visits.incomplete'));
      return;
    }
    await enqueue({
      id: newId(), kind: 'visit', createdAt: new Date().toISOString(), title: t('mobile.visits.item', { name: open.personName }),
      keypersonId: open.id, body: { visitedOn: day, findings: findings.trim() }, photos: photos.map(queuedPhoto), done: { caseNumbers: [], photoNames: [] },
    });
    message.success(navigator.onLine ? t('mobile.saved.sending') : t('mobile.saved.offline'));
    setFindings('');
    setPhotos([]);
    setOpen(null);
    onSaved();
  }

  if (denied) return <Typography.Text type="secondary">{t('mobile.visits.denied')}</Typography.Text>;
  if (open)
    return (
      <Card size="small" title={`${open.personName} · ${open.categoryName}`} extra={<Button size="small" onClick={() => { setOpen(null); setPhotos([]); }}>{t('mobile.visits.back')}</Button>}>
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('mobile.visits.last', { last: open.lastVisitOn ?? '—', next: open.nextDueOn })}</Typography.Text>
          <Input size="large" type="date" value={day} max={localDay()} onChange={(e) => setDay(e.target.value)} aria-label={t('mobile.visits.date')} />
          <Input.TextArea rows={4} value={findings} onChange={(e) => setFindings(e.target.value)} placeholder={t('mobile.visits.placeholder')} aria-label={t('mobile.visits.findings')} />
          <PhotoPicker photos={photos} onChange={setPhotos} testId="visit-photo" />
          <Button type="primary" size="large" block onClick={() => void save()}>{t('mobile.visits.save')}</Button>
        </Flex>
      </Card>
    );
  return (
    <Card size="small" title={t('mobile.visits.title')}>
      {stale && <Typography.Paragraph type="warning">{t('mobile.visits.cached')}</Typography.Paragraph>}
      {list === null ? <Typography.Text>{t('mobile.loading')}</Typography.Text> : list.length === 0 && <Typography.Text type="secondary">{t('mobile.visits.none')}</Typography.Text>}
      {list?.map((k) => (
        <Flex key={k.id} justify="space-between" align="center" className="fq-m-row" data-testid="keyperson-item">
          <Flex vertical>
            <span>
              {k.personName} <Tag color={RISK_COLOR[k.risk]}>{k.categoryName}</Tag>
            </span>
            <Typography.Text type="secondary">
              {k.gridName} · {k.nextDueOn} {DUE_COLOR[k.dueState] && <Tag color={DUE_COLOR[k.dueState]}>{t(k.dueState === 'soon' ? 'mobile.visits.soon' : 'mobile.visits.overdue')}</Tag>}
            </Typography.Text>
          </Flex>
          <Button data-testid={`visit-${k.id}`} onClick={() => { setDay(localDay()); setOpen(k); }} aria-label={`${t('mobile.visits.log')} ${k.personName}`}>{t('mobile.visits.log')}</Button>
        </Flex>
      ))}
    </Card>
  );
}
