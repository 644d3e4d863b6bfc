// 案件 › 工作台 (case.read): counts that are links; the list behind the clicked count below them (at first,
// the first queue that holds work).
import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Empty } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { CaseTable } from './CaseTable';
import { casesApi, type CaseFilter, type Workbench } from './api';
import './cases.css';

const OPEN = 'reported,filed,assigned,in_progress,to_verify,verified';
export const VIEWS: { key: keyof Workbench; label: MessageKey; filter: CaseFilter; tone: string }[] = [
  { key: 'toAccept', label: 'wb.toAccept', filter: { status: 'reported', mine: 'office' }, tone: 'blue' },
  { key: 'toAssign', label: 'wb.toAssign', filter: { status: 'filed', mine: 'office' }, tone: 'blue' },
  { key: 'myTodo', label: 'wb.myTodo', filter: { status: 'assigned,in_progress', mine: 'unit' }, tone: 'orange' },
  { key: 'toVerify', label: 'wb.toVerify', filter: { status: 'to_verify', mine: 'office' }, tone: 'purple' },
  { key: 'toRate', label: 'wb.toRate', filter: { status: 'verified', mine: 'office' }, tone: 'cyan' },
  { key: 'dueSoon', label: 'wb.dueSoon', filter: { status: OPEN, due: 'yellow' }, tone: 'gold' },
  { key: 'overdue', label: 'wb.overdue', filter: { status: OPEN, due: 'overdue' }, tone: 'red' },
  { key: 'supervising', label: 'wb.supervising', filter: { supervised: 'open' }, tone: 'volcano' },
  { key: 'open', label: 'wb.open', filter: { status: OPEN }, tone: 'gray' },
  { key: 'closed', label: 'wb.closed', filter: { status: 'closed' }, tone: 'green' },
];

export default function WorkbenchPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [counts, setCounts] = useState<Workbench | null>(null);
  const [error, setError] = useState<string | null>(null);
  // opened without a choice: the first queue that holds work, so the list shows what to do next (the
  // address stays as it is: rewriting it when the counts arrive could pull back someone already leaving)
  const view = VIEWS.find((v) => v.key === params.get('view')) ?? (counts ? VIEWS.find((v) => v.key !== 'closed' && (counts[v.key] ?? 0) > 0) : undefined);

  useEffect(() => {
    const ac = new AbortController();
    casesApi.workbench(ac.signal).then(setCounts, (e) => !ac.signal.aborted && setError(errorMessage(e)));
    return () => ac.abort();
  }, []);
  const filter = useMemo(() => view?.filter, [view]);

  return (
    <div className="fq-stack">
      {error && <Alert type="error" showIcon title={error} />}
      <div className="fq-wb-cards" data-testid="workbench">
        {VIEWS.map((v) => (
          <button
            type="button"
            key={v.key}
            className={`fq-wb-card fq-wb-${v.tone}${view?.key === v.key ? ' fq-wb-active' : ''}`}
            onClick={() => setParams({ view: v.key })}
            data-testid={`wb-${v.key}`}
          >
            <span className="fq-wb-count">{counts ? (counts[v.key] ?? 0).toLocaleString() : '–'}</span>
            <span className="fq-wb-label">{t(v.label)}</span>
          </button>
        ))}
      </div>
      <Card size="small" title={view ? t(view.label) : t('menu.workbench')} className="fq-page-card">
        {filter ? <CaseTable filter={filter} /> : <Empty description={t('wb.pick')} />}
      </Card>
    </div>
  );
}
