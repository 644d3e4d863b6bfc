// The grid worker's and volunteer's phone app (/m): bottom tabs 首页 / 巡查 / 走访 / 上报 / 我的, an always-visible
// network and sync indicator, a device token instead of the session, everything queued on the device first.
import { useCallback, useEffect, useState } from 'react';
import { App, Badge, Button, Card, Flex, Input, Select, Tag, Typography } from 'antd';
import { CloudSyncOutlined, EditOutlined, HomeOutlined, NotificationOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { cachedContext, deviceToken, MobileError, mobileFetch, myPhone, saveContext, setDeviceToken, setMyPhone, type MobileContext } from './device';
import { enqueue, flush, listOutbox, newId, onOutboxChange, photosLeft, queuedPhoto, removeItem, sentLog, type OutboxItem } from './outbox';
import { PhotoPicker } from './PhotoPicker';
import { PatrolTab } from './PatrolTab';
import { DueVisits, VisitsTab } from './VisitsTab';
import './mobile.css';

type Tab = 'home' | 'patrol' | 'visits' | 'report' | 'mine';

function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

function SignIn({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [session, setSession] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/api/auth/me', { credentials: 'same-origin' }).then((r) => setSession(r.ok), () => setSession(false));
  }, []);
  async function enroll() {
    try {
      const r = await fetch('/api/auth/device-tokens', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `${t('mobile.device')} ${new Date().toISOString().slice(0, 10)}` }) });
      const body = (await r.json()) as { token?: string; message?: string };
      if (!r.ok || !body.token) throw new Error(body.message ?? `HTTP ${r.status}`);
      setDeviceToken(body.token);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <Card title={t('mobile.signin.title')}>
      <Flex vertical gap={12}>
        <Typography.Paragraph>{t('mobile.signin.hint')}</Typography.Paragraph>
        {session === false && <Button type="primary" size="large" href="/login">{t('mobile.signin.login')}</Button>}
        {session && <Button type="primary" size="large" onClick={() => void enroll()}>{t('mobile.signin.enroll')}</Button>}
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Flex>
    </Card>
  );
}

function ReportTab({ context, onSaved }: { context: MobileContext; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [gridCode, setGridCode] = useState(context.grids[0]?.code);
  const [text, setText] = useState('');
  const [category, setCategory] = useState('hazard');
  const [phone, setPhone] = useState(myPhone());
  const [photos, setPhotos] = useState<File[]>([]);
  async function save() {
    if (text.trim().length < 2 || !/^1[3-9]\d{9}$/.test(phone) || !gridCode) {
      message.error(t('mobile.report.incomplete'));
      return;
    }
    setMyPhone(phone);
    const name = context.user.displayName.replace(/[（(].*?[)）]/g, '').trim();
    await enqueue({
      id: newId(), kind: 'report', createdAt: new Date().toISOString(), title: text.trim().slice(0, 20),
      body: { title: text.trim().slice(0, 40), description: text.trim(), category, channel: 'grid', regionCode: gridCode, applicant: { name, phone } },
      photos: photos.map(queuedPhoto),
      done: { caseNumbers: [], photos: 0 },
    });
    message.success(navigator.onLine ? t('mobile.saved.sending') : t('mobile.saved.offline'));
    setText('');
    setPhotos([]);
    onSaved();
  }
  return (
    <Flex vertical gap={12}>
      <Select size="large" value={gridCode} onChange={setGridCode} options={context.grids.map((g) => ({ value: g.code, label: g.name }))} aria-label={t('mobile.grid')} />
      <Select size="large" value={category} onChange={setCategory} aria-label={t('mobile.report.category')} options={['hazard', 'dispute', 'city', 'service', 'security'].map((c) => ({ value: c, label: t(`mobile.category.${c}` as 'mobile.category.hazard') }))} />
      <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('mobile.report.placeholder')} aria-label={t('mobile.report.placeholder')} />
      <PhotoPicker photos={photos} onChange={setPhotos} testId="report-photo" />
      <Input size="large" value={phone} onChange={(e) => setPhone(e.target.value.trim())} placeholder={t('mobile.phone')} aria-label={t('mobile.phone')} inputMode="tel" />
      <Button type="primary" size="large" block onClick={() => void save()} data-testid="report-save">{t('mobile.report.save')}</Button>
    </Flex>
  );
}

function Pending({ items, onSync }: { items: OutboxItem[]; onSync: () => void }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('mobile.pending.title', { n: items.length })} extra={<Button size="small" icon={<CloudSyncOutlined />} onClick={onSync}>{t('mobile.sync')}</Button>}>
      {items.length === 0 && <Typography.Text type="secondary">{t('mobile.pending.none')}</Typography.Text>}
      {items.map((i) => (
        <Flex key={i.id} justify="space-between" align="center" className="fq-m-row" data-testid="pending-item">
          <span>
            {i.title} {photosLeft(i) > 0 && <Tag data-testid="pending-photos">{t('mobile.pending.photos', { n: photosLeft(i) })}</Tag>}
          </span>
          {i.error ? <Flex gap={4}><Tag color="red">{i.error}</Tag><Button size="small" danger onClick={() => void removeItem(i.id)}>{t('mobile.pending.drop')}</Button></Flex> : <Tag color="gold">{t('mobile.pending.waiting')}</Tag>}
        </Flex>
      ))}
    </Card>
  );
}

export default function MobileApp() {
  const { t } = useI18n();
  const online = useOnline();
  const [tab, setTab] = useState<Tab>('home');
  const [context, setContext] = useState<MobileContext | null>(cachedContext());
  const [signedIn, setSignedIn] = useState(Boolean(deviceToken()));
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [, setSentTick] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => void listOutbox().then(setItems), []);
  useEffect(() => onOutboxChange(() => {
    refresh();
    setSentTick((n) => n + 1);
  }), [refresh]);
  useEffect(refresh, [refresh]);

  useEffect(() => {
    if (!signedIn) return;
    mobileFetch('/api/patrols/context').then(
      (c) => {
        saveContext(c as MobileContext);
        setContext(c as MobileContext);
      },
      (e: MobileError) => {
        if (e.status === 401) {
          setDeviceToken(null);
          setSignedIn(false);
          setError(t('mobile.token.revoked'));
        }
      },
    );
    void flush();
  }, [signedIn, t]);

  useEffect(() => {
    if (online && signedIn) void flush();
  }, [online, signedIn]);
  useEffect(() => {
    const timer = setInterval(() => navigator.onLine && deviceToken() && void flush(), 30_000);
    return () => clearInterval(timer);
  }, []);

  const tabs: [Tab, string, React.ReactNode][] = [
    ['home', t('mobile.tab.home'), <HomeOutlined key="h" />],
    ['patrol', t('mobile.tab.patrol'), <EditOutlined key="p" />],
    ['visits', t('mobile.tab.visits'), <TeamOutlined key="v" />],
    ['report', t('mobile.tab.report'), <NotificationOutlined key="r" />],
    ['mine', t('mobile.tab.mine'), <UserOutlined key="m" />],
  ];

  return (
    <div className="fq-m">
      <header className="fq-m-top">
        <Typography.Text strong>{t('mobile.title')}</Typography.Text>
        <Flex gap={6} align="center" data-testid="sync-indicator">
          <Tag color={online ? 'green' : 'default'}>{online ? t('mobile.online') : t('mobile.offline')}</Tag>
          <Badge count={items.length} showZero color={items.length ? '#faad14' : '#52c41a'} title={t('mobile.pending.title', { n: items.length })} />
        </Flex>
      </header>
      <main className="fq-m-main">
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        {!signedIn || !context ? (
          !signedIn ? <SignIn onDone={() => setSignedIn(true)} /> : <Typography.Text>{t('mobile.loading')}</Typography.Text>
        ) : tab === 'home' ? (
          <Flex vertical gap={12}>
            <Card size="small" title={context.user.displayName}>
              <Typography.Paragraph>{t('mobile.home.rule', { day: context.day })}</Typography.Paragraph>
              <Button type="primary" size="large" block onClick={() => setTab('patrol')}>{t('mobile.patrol.start')}</Button>
            </Card>
            <DueVisits onOpen={() => setTab('visits')} />
            <Pending items={items} onSync={() => void flush()} />
          </Flex>
        ) : tab === 'patrol' ? (
          <PatrolTab context={context} onSaved={() => setTab('home')} />
        ) : tab === 'visits' ? (
          <VisitsTab onSaved={() => setTab('home')} />
        ) : tab === 'report' ? (
          <ReportTab context={context} onSaved={() => setTab('home')} />
        ) : (
          <Flex vertical gap={12}>
            <Card size="small" title={t('mobile.mine.me')}>
              <Typography.Paragraph>{context.user.displayName} · {context.user.roleName}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">{t('mobile.mine.device')}</Typography.Paragraph>
              <Button danger onClick={() => { setDeviceToken(null); setSignedIn(false); }}>{t('mobile.mine.forget')}</Button>
            </Card>
            <Pending items={items} onSync={() => void flush()} />
            <Card size="small" title={t('mobile.sent.title')}>
              {sentLog.length === 0 && <Typography.Text type="secondary">{t('mobile.pending.none')}</Typography.Text>}
              {sentLog.map((s) => (
                <Flex key={s.id} justify="space-between" className="fq-m-row" data-testid="sent-item">
                  <span>{s.title}</span>
                  <span>{s.caseNumbers.map((n) => <Tag key={n} color="blue">{n}</Tag>)}<Tag color="green">{t('mobile.sent')}</Tag></span>
                </Flex>
              ))}
            </Card>
          </Flex>
        )}
      </main>
      <nav className="fq-m-tabs">
        {tabs.map(([key, label, icon]) => (
          <button key={key} type="button" className={tab === key ? 'active' : ''} onClick={() => setTab(key)} aria-label={label}>
            {icon}
            <span>{label}</span>
          </button>
        ))}
      </nav>
    </div>
  );
}
