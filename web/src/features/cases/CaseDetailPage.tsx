// 案件详情 (/cases/:id): header, print buttons, ONE action bar with exactly the allowed actions, the
// duplicates panel while a case waits to be accepted, and the tabs 基本信息 / 办理过程 / 当事人 / 附件.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { useParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { formatTime, useI18n } from '../../i18n';
import { useSession } from '../auth/session';
import { PageLoading } from '../../shell/PageLoading';
import { StatusTag } from './StatusTag';
import { ActionDialog } from './ActionDialog';
import { AttachmentsTab } from './AttachmentsTab';
import { DuplicatesPanel } from './DuplicatesPanel';
import { PetitionCard } from './PetitionCard';
import { DueBadge } from './DueBadge';
import { openSupervision } from './supervision';
import { ACTION_NAMES, CLOSED, URGENCIES, type CaseAction } from './codes';
import { casesApi, docUrl, type CaseDetail, type DueState, type Duplicate, type Party } from './api';
import './cases.css';

const DANGER: CaseAction[] = ['reject', 'return'];

/** The stage deadline as a countdown; its colour follows the server's dueState (gold 即将到期, red 已超期, UI.md). */
function DueTag({ due, state }: { due: string; state?: DueState }) {
  const { t } = useI18n();
  const hours = (new Date(due).getTime() - Date.now()) / 3_600_000;
  if (hours < 0) return null; // the 已超期 badge says it
  const label = hours < 48 ? t('cases.dueHours', { n: Math.max(1, Math.floor(hours)) }) : t('cases.dueDays', { n: Math.floor(hours / 24) });
  return (
    <Tag color={state === 'yellow' ? 'gold' : 'default'} title={formatTime(due)} data-testid="due-tag">
      {label}
    </Tag>
  );
}

const GRADE_TAG: Record<string, { color: string; key: 'sup.normal' | 'sup.yellow' | 'sup.red' }> = {
  normal: { color: 'blue', key: 'sup.normal' },
  yellow: { color: 'gold', key: 'sup.yellow' },
  red: { color: 'red', key: 'sup.red' },
};

export default function CaseDetailPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const [c, setC] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dups, setDups] = useState<Duplicate[] | null>(null);
  const [acting, setActing] = useState<{ action: CaseAction; primaryId?: number } | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const fresh = await casesApi.get(id);
      setC(fresh);
      if (fresh.status === 'reported') casesApi.duplicates(id).then(setDups, () => setDups([]));
      else setDups(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);
  useEffect(() => {
    setC(null);
    load();
  }, [load]);

  if (error && !c) return <Alert type="error" showIcon title={error} action={<Button onClick={load}>{t('common.retry')}</Button>} />;
  if (!c) return <PageLoading />;

  const sup = CLOSED.includes(c.status) ? null : openSupervision(c);
  const party = (role: Party['role']) => t(`cases.party.${role}` as const);
  const print = (doc: 'receipt.pdf' | 'refusal.pdf' | 'case-file.pdf', label: string) => (
    <Button key={doc} icon={<PrinterOutlined />} href={docUrl(c.id, doc)} target="_blank" data-testid={`print-${doc.replace('.pdf', '')}`}>
      {label}
    </Button>
  );

  const basics = [
    { key: 'n', label: t('cases.number'), children: <span className="fq-mono">{c.caseNumber}</span> },
    { key: 's', label: t('cases.status'), children: <StatusTag status={c.status} name={c.statusName} /> },
    { key: 'c', label: t('cases.category'), children: c.categoryName },
    ...(c.disputeTypeName ? [{ key: 'd', label: t('cases.disputeType'), children: `${c.disputeType} ${c.disputeTypeName}` }] : []),
    { key: 'ch', label: t('cases.channel'), children: c.channelName },
    { key: 'u', label: t('cases.urgency'), children: URGENCIES[c.urgency as keyof typeof URGENCIES] ?? c.urgency },
    { key: 'p', label: t('cases.place'), children: c.place.fullName || c.place.name },
    ...(c.address ? [{ key: 'a', label: t('cases.address'), children: c.address }] : []),
    { key: 'o', label: t('cases.office'), children: `${c.officeUnit.name ?? ''}（${c.levelName}）` },
    { key: 'as', label: t('cases.assigned'), children: c.assignedUnit?.name ?? '—' },
    { key: 'ca', label: t('cases.createdAt'), children: formatTime(c.createdAt) },
    ...(c.stageDueAt && !CLOSED.includes(c.status) ? [{ key: 'due', label: t('cases.dueAt'), children: `${formatTime(c.stageDueAt)}${c.stageDueProvisional ? t('pet.provisional') : ''}` }] : []),
    ...(c.disposition ? [{ key: 'dp', label: t('cases.disposition'), children: c.disposition }] : []),
    ...(c.result ? [{ key: 'r', label: t('cases.result'), children: c.result, span: 'filled' as const }] : []),
    ...(c.satisfactionName ? [{ key: 'sa', label: t('cases.satisfaction'), children: c.satisfactionName }] : []),
    ...(c.reworkCount ? [{ key: 'rw', label: t('cases.rework'), children: c.reworkCount }] : []),
    { key: 'desc', label: t('cases.description'), children: <span className="fq-pre">{c.description}</span>, span: 'filled' as const },
  ];

  const timeline = c.timeline.map((s) => ({
    key: s.id,
    color: s.toStatus === 'closed' || s.toStatus === 'archived' ? 'green' : s.action === 'reject' || s.action === 'return' ? 'red' : 'blue',
    content: (
      <div data-testid="timeline-step" data-action={s.action}>
        <Space wrap size={6}>
          <strong>{s.actionName}</strong>
          <StatusTag status={s.toStatus} name={s.toStatusName} />
          <Typography.Text type="secondary">{formatTime(s.at)}</Typography.Text>
          {s.actorName && <Typography.Text type="secondary">{s.actorName}</Typography.Text>}
        </Space>
        {typeof s.data?.unit === 'string' && <div>→ {s.data.unit}</div>}
        {typeof s.data?.toOffice === 'string' && <div>→ {s.data.toOffice}</div>}
        {typeof s.data?.disposition === 'string' && <div>{t('cases.disposition')}：{s.data.disposition}</div>}
        {s.note && <div className="fq-pre">{s.note}</div>}
      </div>
    ),
  }));

  const partyColumns = [
    { title: t('cases.party.role'), dataIndex: 'role', render: (r: Party['role'], p: Party) => <Space size={4}>{party(r)}{p.isRepresentative && <Tag>{t('cases.party.representative')}</Tag>}</Space> },
    { title: t('cases.party.name'), dataIndex: 'name' },
    { title: t('cases.party.phone'), dataIndex: 'phone', render: (v: string | null) => <span className="fq-mono">{v ?? '—'}</span> },
    { title: t('cases.party.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => <span className="fq-mono">{v ?? '—'}</span> },
  ];

  return (
    <div className="fq-stack">
      <Card size="small" className="fq-page-card">
        <div className="fq-case-head">
          <Typography.Title level={4} data-testid="case-title">
            {c.title}
          </Typography.Title>
          <StatusTag status={c.status} name={c.statusName} />
          <Tag>{c.levelName}</Tag>
          <Tag color="geekblue">{c.disputeTypeName ? `${c.categoryName} · ${c.disputeTypeName}` : c.categoryName}</Tag>
          {c.confidential && <Tag color="red">{t('cases.confidential')}</Tag>}
          {!CLOSED.includes(c.status) && <DueBadge state={c.dueState ?? (c.stageDueAt && new Date(c.stageDueAt).getTime() < Date.now() ? 'red' : undefined)} due={c.stageDueAt} />}
          {c.stageDueAt && !CLOSED.includes(c.status) && <DueTag due={c.stageDueAt} state={c.dueState} />}
          {sup && GRADE_TAG[sup.grade] && (
            <Tag color={GRADE_TAG[sup.grade].color} title={sup.replyDueAt ? `${t('act.replyDueAt')} ${formatTime(sup.replyDueAt)}` : undefined} data-testid="supervision-tag" data-grade={sup.grade}>
              {t(GRADE_TAG[sup.grade].key)} · {sup.answered ? t('sup.answered') : t('sup.waiting')}
            </Tag>
          )}
        </div>
        <Typography.Text type="secondary" className="fq-mono" data-testid="case-number">
          {c.caseNumber}
        </Typography.Text>
        <div className="fq-case-bar">
          <div className="fq-case-actions" data-testid="case-actions">
            {c.allowedActions.length === 0 && <Typography.Text type="secondary">{t('cases.actions.none')}</Typography.Text>}
            {c.allowedActions.map((a) => (
              <Button key={a} type={a === c.allowedActions.find((x) => !DANGER.includes(x)) ? 'primary' : 'default'} danger={DANGER.includes(a)} onClick={() => setActing({ action: a })} data-testid={`action-${a}`}>
                {ACTION_NAMES[a]}
              </Button>
            ))}
          </div>
          <div className="fq-case-print">
            {print('receipt.pdf', t('cases.print.receipt'))}
            {c.status === 'rejected' && print('refusal.pdf', t('cases.print.refusal'))}
            {print('case-file.pdf', t('cases.print.file'))}
            <Button icon={<ReloadOutlined />} onClick={load} aria-label={t('cases.reload')} />
          </div>
        </div>
      </Card>
      {c.petition && <PetitionCard p={c.petition} />}
      {c.status === 'reported' && dups && <DuplicatesPanel items={dups} canMerge={c.allowedActions.includes('merge')} onMerge={(p) => setActing({ action: 'merge', primaryId: p })} />}
      <Card size="small" className="fq-page-card">
        <Tabs
          items={[
            { key: 'basic', label: t('cases.tab.basic'), children: <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={basics} /> },
            { key: 'timeline', label: t('cases.tab.timeline'), children: <Timeline items={timeline} data-testid="timeline" /> },
            {
              key: 'parties',
              label: t('cases.tab.parties'),
              children: c.parties.length ? <Table rowKey="id" size="small" pagination={false} columns={partyColumns} dataSource={c.parties} scroll={{ x: 'max-content' }} /> : <Empty />,
            },
            { key: 'files', label: t('cases.tab.files'), children: <AttachmentsTab caseId={c.id} canUpload={can('case.read') && !CLOSED.includes(c.status)} /> },
          ]}
        />
      </Card>
      <ActionDialog
        c={c}
        action={acting?.action ?? null}
        primaryId={acting?.primaryId}
        duplicates={dups ?? []}
        onClose={() => setActing(null)}
        onReload={() => {
          setActing(null);
          load();
        }}
        onDone={(updated) => {
          message.success(t('cases.action.done', { action: ACTION_NAMES[acting!.action] }));
          setActing(null);
          load();
          setC((prev) => (prev ? { ...prev, ...updated, timeline: prev.timeline } : prev));
        }}
      />
    </div>
  );
}
