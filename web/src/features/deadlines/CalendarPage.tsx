// 系统 › 节假日与时限 (region.manage): a year's holidays and make-up working days (saving recomputes the
// provisional deadlines and says how many), and the stage deadline rules with inline editing.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError, errorMessage, get } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { CATEGORIES, URGENCIES } from '../cases/codes';
import './deadlines.css';

interface Calendar {
  year: number;
  entered: boolean;
  note: string | null;
  holidays: string[];
  workdays: string[];
}
type Unit = 'working_days' | 'calendar_days' | 'hours';
interface Rule {
  id: number;
  stage: 'accept' | 'handle' | 'verify' | 'rate' | 'review_request' | 'review' | 'rereview_request' | 'rereview';
  category: string | null;
  urgency: string | null;
  amount: number;
  unit: Unit;
}

const put = <T,>(path: string, body: unknown) => api<T>(path, { method: 'PUT', body });
const WEEK = ['日', '一', '二', '三', '四', '五', '六'];

function DayList({ days, color, onRemove, testId }: { days: string[]; color: string; onRemove: (i: number) => void; testId: string }) {
  const { t } = useI18n();
  const seen = new Map<string, number>();
  days.forEach((d) => seen.set(d, (seen.get(d) ?? 0) + 1));
  if (!days.length) return <Typography.Text type="secondary">{t('cal.empty')}</Typography.Text>;
  return (
    <div className="fq-cal-tags" data-testid={testId}>
      {days.map((d, i) => (
        <Tag
          key={`${d}-${i}`}
          color={(seen.get(d) ?? 0) > 1 ? 'red' : color}
          closable
          onClose={(e) => {
            e.preventDefault();
            onRemove(i);
          }}
          data-testid="cal-day"
          data-day={d}
        >
          {d.slice(5)} 周{WEEK[dayjs(d).day()]}
        </Tag>
      ))}
    </div>
  );
}

function CalendarCard() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || dayjs().year();
  const setYear = (y: number) => setParams({ year: String(y) }, { replace: true });
  const [cal, setCal] = useState<Calendar | null>(null);
  const [holidays, setHolidays] = useState<string[]>([]);
  const [workdays, setWorkdays] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (y: number) => {
    setError(null);
    setResult(null);
    setCal(null);
    try {
      const c = await get<Calendar>(`/api/calendar/${y}`);
      setCal(c);
      setHolidays(c.holidays);
      setWorkdays(c.workdays);
      setNote(c.note ?? '');
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    load(year);
  }, [year, load]);

  const dirty = cal !== null && (cal.holidays.join() !== holidays.join() || cal.workdays.join() !== workdays.join() || (cal.note ?? '') !== note);
  const sorted = (list: string[]) => [...list].sort();
  const inYear = (d: Dayjs) => d.year() !== year;
  const counts = useMemo(() => ({ h: holidays.length, w: workdays.length }), [holidays, workdays]);

  const save = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await put<{ holidays: number; workdays: number; recomputed: number }>(`/api/calendar/${year}`, { holidays, workdays, ...(note.trim() ? { note: note.trim() } : {}) });
      setCal({ year, entered: true, note: note.trim() || null, holidays, workdays });
      setResult(t('cal.saved', { h: r.holidays, w: r.workdays, n: r.recomputed.toLocaleString() }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      className="fq-page-card"
      title={t('cal.title')}
      extra={
        <Space>
          <span>{t('cal.year')}</span>
          <DatePicker picker="year" allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(d) => d && setYear(d.year())} data-testid="cal-year" />
        </Space>
      }
      data-testid="calendar-card"
    >
      {cal && (
        <div className="fq-gap-bottom">
          {cal.entered ? <Tag color="green">{t('cal.entered')}</Tag> : <Tag color="gold">{t('cal.notEntered')}</Tag>}
          {dirty && <Tag color="orange">{t('cal.dirty')}</Tag>}
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} className="fq-gap-bottom" data-testid="cal-error" closable onClose={() => setError(null)} />}
      {result && <Alert type="success" showIcon title={result} className="fq-gap-bottom" data-testid="cal-result" closable onClose={() => setResult(null)} />}
      {!cal && !error ? (
        <Empty description={t('common.loading')} />
      ) : (
        <div className="fq-cal-grid">
          <section>
            <div className="fq-section-title">
              {t('cal.holidays')} <Typography.Text type="secondary">{t('cal.count', { n: counts.h })}</Typography.Text>
            </div>
            <Space wrap className="fq-gap-bottom">
              <DatePicker
                placeholder={t('cal.add')}
                value={null}
                disabledDate={inYear}
                defaultPickerValue={dayjs(`${year}-01-01`)}
                onChange={(d: Dayjs | null) => d && setHolidays((l) => sorted([...l, d.format('YYYY-MM-DD')]))}
                data-testid="cal-add-holiday"
              />
              <DatePicker.RangePicker
                placeholder={[t('cal.addRange'), '']}
                value={null}
                disabledDate={inYear}
                onChange={(r) => {
                  if (!r?.[0] || !r[1]) return;
                  const out: string[] = [];
                  for (let d = r[0]; !d.isAfter(r[1], 'day') && out.length < 60; d = d.add(1, 'day')) out.push(d.format('YYYY-MM-DD'));
                  setHolidays((l) => sorted([...l, ...out]));
                }}
              />
            </Space>
            <DayList days={holidays} color="red" testId="cal-holidays" onRemove={(i) => setHolidays((l) => l.filter((_, j) => j !== i))} />
          </section>
          <section>
            <div className="fq-section-title">
              {t('cal.workdays')} <Typography.Text type="secondary">{t('cal.count', { n: counts.w })}</Typography.Text>
            </div>
            <div className="fq-gap-bottom">
              <DatePicker
                placeholder={t('cal.add')}
                value={null}
                disabledDate={inYear}
                defaultPickerValue={dayjs(`${year}-01-01`)}
                onChange={(d: Dayjs | null) => d && setWorkdays((l) => sorted([...l, d.format('YYYY-MM-DD')]))}
                data-testid="cal-add-workday"
              />
            </div>
            <DayList days={workdays} color="blue" testId="cal-workdays" onRemove={(i) => setWorkdays((l) => l.filter((_, j) => j !== i))} />
          </section>
        </div>
      )}
      <div className="fq-cal-save">
        <Input placeholder={t('cal.note')} value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} className="fq-cal-note" data-testid="cal-note" />
        <Button type="primary" icon={<SaveOutlined />} loading={busy} disabled={!cal} onClick={save} data-testid="cal-save">
          {t('cal.save')}
        </Button>
      </div>
    </Card>
  );
}

function RulesCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: number; amount: number | null; unit: Unit } | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const order = ['accept', 'handle', 'verify', 'rate', 'review_request', 'review', 'rereview_request', 'rereview'];
    get<Rule[]>('/api/deadline-rules').then(
      (rs) => setRules([...rs].sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage))),
      (e) => setError(errorMessage(e)),
    );
  }, []);

  const save = async () => {
    if (!editing) return;
    setBusy(true);
    setRowError(null);
    try {
      const r = await put<Rule>(`/api/deadline-rules/${editing.id}`, { amount: editing.amount ?? 0, unit: editing.unit });
      setRules((l) => l?.map((x) => (x.id === r.id ? r : x)) ?? null);
      setEditing(null);
      message.success(t('rules.saved'));
    } catch (e) {
      // a VALIDATION answer names the field: show its message ("时限须为正数") rather than the generic one
      const fields = e instanceof ApiError ? (e.details as { fields?: { message: string }[] } | undefined)?.fields : undefined;
      setRowError(fields?.length ? `${t('rules.amount')}：${fields.map((f) => f.message).join('；')}` : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const unitName = (u: Unit) => t(`rules.unit.${u}` as MessageKey);
  const columns = [
    { title: t('rules.stage'), dataIndex: 'stage', render: (s: Rule['stage']) => t(`rules.stage.${s}` as MessageKey) },
    { title: t('rules.category'), dataIndex: 'category', render: (c: string | null) => (c ? (CATEGORIES as Record<string, string>)[c] ?? c : <Typography.Text type="secondary">{t('rules.any')}</Typography.Text>) },
    { title: t('rules.urgency'), dataIndex: 'urgency', render: (u: string | null) => (u ? (URGENCIES as Record<string, string>)[u] ?? u : <Typography.Text type="secondary">{t('rules.any')}</Typography.Text>) },
    {
      title: t('rules.amount'),
      key: 'amount',
      render: (_: unknown, r: Rule) =>
        editing?.id === r.id ? (
          <Space.Compact>
            <InputNumber
              value={editing.amount}
              precision={0}
              onChange={(v) => setEditing({ ...editing, amount: v })}
              onPressEnter={save}
              status={rowError ? 'error' : undefined}
              className="fq-rule-amount"
              data-testid="rule-amount"
              autoFocus
            />
            <Select
              value={editing.unit}
              onChange={(u: Unit) => setEditing({ ...editing, unit: u })}
              options={(['working_days', 'calendar_days', 'hours'] as const).map((u) => ({ value: u, label: unitName(u) }))}
              className="fq-rule-unit"
              data-testid="rule-unit"
            />
          </Space.Compact>
        ) : (
          <span data-testid="rule-value">
            {r.amount.toLocaleString()} {unitName(r.unit)}
          </span>
        ),
    },
    {
      title: t('common.actions'),
      key: 'op',
      render: (_: unknown, r: Rule) =>
        editing?.id === r.id ? (
          <Space size={4}>
            <Button type="primary" size="small" icon={<CheckOutlined />} loading={busy} onClick={save} data-testid="rule-save">
              {t('common.save')}
            </Button>
            <Button size="small" icon={<CloseOutlined />} onClick={() => (setEditing(null), setRowError(null))}>
              {t('common.cancel')}
            </Button>
          </Space>
        ) : (
          <Button size="small" icon={<EditOutlined />} disabled={editing !== null} onClick={() => (setEditing({ id: r.id, amount: r.amount, unit: r.unit }), setRowError(null))} data-testid="rule-edit">
            {t('rules.edit')}
          </Button>
        ),
    },
  ];

  return (
    <Card size="small" className="fq-page-card" title={t('rules.title')} data-testid="rules-card">
      <Typography.Paragraph type="secondary" className="fq-card-hint">
        {t('rules.hint')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} className="fq-gap-bottom" />}
      {rowError && <Alert type="error" showIcon title={rowError} className="fq-gap-bottom" data-testid="rule-error" closable onClose={() => setRowError(null)} />}
      <Table
        rowKey="id"
        size="small"
        loading={!rules && !error}
        dataSource={rules ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (editing?.id === r.id ? 'fq-rule-editing' : '')}
        data-testid="rules-table"
      />
    </Card>
  );
}

export default function CalendarPage() {
  return (
    <div className="fq-stack">
      <CalendarCard />
      <RulesCard />
    </div>
  );
}
