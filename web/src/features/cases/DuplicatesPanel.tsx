// 疑似重复: for a case waiting to be accepted, the candidates the server finds, with its reasons.
import { Alert, Button, Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { StatusTag } from './StatusTag';
import type { Duplicate } from './api';

export function DuplicatesPanel({ items, canMerge, onMerge }: { items: Duplicate[]; canMerge: boolean; onMerge: (primaryId: number) => void }) {
  const { t } = useI18n();
  if (!items.length) return <Alert type="success" showIcon title={t('cases.dup.none')} data-testid="duplicates" />;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="duplicates"
      title={`${t('cases.dup.title')}（${items.length}）`}
      description={
        <ul className="fq-dups">
          {items.map((d) => (
            <li key={d.id}>
              <Space wrap size={4}>
                <Link to={`/cases/${d.id}`} className="fq-mono">
                  {d.caseNumber}
                </Link>
                <span>{d.title}</span>
                <StatusTag status={d.status} name={d.statusName} />
                {d.reasons.map((r) => (
                  <Tag key={r} color="gold">
                    {r}
                  </Tag>
                ))}
                {canMerge && (
                  <Button size="small" onClick={() => onMerge(d.id)}>
                    {t('cases.dup.mergeInto')}
                  </Button>
                )}
              </Space>
            </li>
          ))}
        </ul>
      }
    />
  );
}
