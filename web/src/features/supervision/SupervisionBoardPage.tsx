// 督办看板 (/supervision, supervision.board): the orders in my scope with their grade in its colour, the unit
// that must reply, the reply time and whether it was answered or is overdue; counts that filter; keyset paging.
import { useCallback, useState } from 'react';
import { Alert, Card, Form, Select, Table, Tag, Typography } from 'antd';
import { FlagFilled } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { formatTime, useI18n, type MessageKey } from '../../i18n';
import { useUser } from '../auth/session';
import { RegionSelect } from '../regions/RegionSelect';
import { useKeyset } from '../../shell/useKeyset';
import { ListFooter } from '../../shell/ListFooter';
import { boardApi, type BoardCounts, type BoardFilter, type BoardItem, type Grade, type BoardState } from './api';
import './supervision.css';

export const GRADE_COLORS: Record<Grade, string> = { normal: 'blue', yellow: 'gold', red: 'red' };
const STATE_COLORS: Record<BoardState, string> = { waiting: 'processing', overdue: 'red', replied: 'green' };
const GRADES: Grade[] = ['red', 'yellow', 'normal'];
const STATES = ['open', 'waiting', 'overdue', 'replied', 'all'] as const;

export default function SupervisionBoardPage() {
  const { t } = useI18n();
  const user = useUser();
  const [filter, setFilter] = useState<BoardFilter>({ state: 'open' });
  const [counts, setCounts] = useState<BoardCounts | null>(null);
  const load = useCallback(
    async (cursor: number | undefined, signal: AbortSignal) => {
      const page = await boardApi.list(filter, cursor, signal);
      if (!cursor) setCounts(page.counts);
      return page;
    },
    [filter],
  );
  const list = useKeyset(load, JSON.stringify(filter));
  const set = (patch: BoardFilter) => setFilter((f) => ({ ...f, ...patch }));

  type CountCard = { key: string; label: string; n: number | undefined; tone: string; onClick: () => void; active: boolean };
  const gradeCard = (g: Grade): CountCard => ({
    key: g,
    label: t(`board.grade.${g}` as MessageKey),
    n: counts ? counts.open[g] : undefined,
    tone: g === 'normal' ? 'blue' : g === 'yellow' ? 'gold' : 'red',
    onClick: () => set({ grade: g, state: 'open' }),
    active: filter.grade === g,
  });
  const stateCard = (s: BoardState, tone: string): CountCard => ({
    key: s,
    label: t(`board.state.${s}` as MessageKey),
    n: counts ? counts[s] : undefined,
    tone,
    onClick: () => set({ state: s, grade: undefined }),
    active: filter.state === s && !filter.grade,
  });
  const cards: CountCard[] = [...GRADES.map(gradeCard), stateCard('waiting', 'blue'), stateCard('overdue', 'red'), stateCard('replied', 'green')];

  const columns = [
    {
      title: t('board.grade'),
      dataIndex: 'grade',
      render: (g: Grade) => (
        <Tag color={GRADE_COLORS[g]} icon={<FlagFilled />} data-testid="board-grade" data-grade={g}>
          {t(`board.grade.${g}` as MessageKey)}
        </Tag>
      ),
    },
    {
      title: t('board.case'),
      dataIndex: 'caseNumber',
      render: (v: string, r: BoardItem) => (
        <Link to={`/cases/${r.caseId}`} data-testid="board-case">
          <span className="fq-mono fq-nowrap">{v}</span>
          <div>{r.title}</div>
        </Link>
      ),
    },
    { title: t('board.unit'), dataIndex: 'unitName' },
    { title: t('board.place'), dataIndex: 'placeName', responsive: ['lg' as const] },
    { title: t('board.replyDue'), dataIndex: 'replyDueAt', render: (v: string) => <span className="fq-nowrap">{formatTime(v)}</span> },
    {
      title: t('board.state'),
      dataIndex: 'state',
      render: (s: BoardState, r: BoardItem) => (
        <span>
          <Tag color={STATE_COLORS[s]} data-testid="board-state" data-state={s}>
            {t(`board.state.${s}` as MessageKey)}
          </Tag>
          {r.reply && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} className="fq-board-reply">{r.reply}</Typography.Paragraph>}
        </span>
      ),
    },
    { title: t('board.issued'), dataIndex: 'issuedAt', responsive: ['md' as const], render: (v: string, r: BoardItem) => <span className="fq-nowrap">{formatTime(v)} {r.issuedByName ?? ''}</span> },
  ];

  return (
    <div className="fq-stack">
      <div className="fq-board-cards" data-testid="board-counts">
        {cards.map((c) => (
          <button type="button" key={c.key} className={`fq-board-card fq-board-${c.tone}${c.active ? ' fq-board-active' : ''}`} onClick={c.onClick} data-testid={`board-count-${c.key}`}>
            <span className="fq-board-count">{c.n === undefined ? '–' : c.n.toLocaleString()}</span>
            <span className="fq-board-label">{c.label}</span>
          </button>
        ))}
      </div>
      <Card size="small" title={t('board.title')} className="fq-page-card">
        <Form layout="inline" className="fq-filters" name="board-filter">
          <Form.Item>
            <RegionSelect root={user.regionCode} placeholder={t('board.region')} value={filter.region} onChange={(v?: string) => set({ region: v || undefined })} className="fq-board-region" />
          </Form.Item>
          <Form.Item>
            <Select
              allowClear
              placeholder={t('board.grade')}
              value={filter.grade}
              onChange={(g?: Grade) => set({ grade: g })}
              options={GRADES.map((g) => ({ value: g, label: <Tag color={GRADE_COLORS[g]}>{t(`board.grade.${g}` as MessageKey)}</Tag> }))}
              className="fq-board-select"
              data-testid="board-filter-grade"
            />
          </Form.Item>
          <Form.Item>
            <Select
              value={filter.state ?? 'open'}
              onChange={(s: BoardFilter['state']) => set({ state: s })}
              options={STATES.map((s) => ({ value: s, label: t(`board.state.${s}` as MessageKey) }))}
              className="fq-board-select"
              data-testid="board-filter-state"
            />
          </Form.Item>
        </Form>
        {list.error && <Alert type="error" showIcon title={list.error} className="fq-gap-bottom" />}
        <Table rowKey="id" size="small" columns={columns} dataSource={list.items} loading={list.loading} pagination={false} scroll={{ x: 'max-content' }} data-testid="board-table" />
        <ListFooter count={list.items.length} hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      </Card>
    </div>
  );
}
