import { useEffect, useState } from 'react';
import { Alert, Form, Table } from 'antd';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useUser } from '../auth/session';
import { RegionSelect } from '../regions/RegionSelect';
import { registersApi, type Stats } from './api';

const KEYS = ['houses', 'rented', 'people', 'floating', 'establishments', 'keypersons'] as const;

export function StatsTab() {
  const { t } = useI18n();
  const user = useUser();
  const [code, setCode] = useState<string | undefined>(undefined);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    registersApi.stats(code).then(setStats, (e) => setError(errorMessage(e)));
  }, [code]);
  const keys = KEYS.filter((k) => stats?.total[k] !== undefined);
  const rows = stats ? [...stats.children, { code: 'total', name: t('reg.stats.total'), ...stats.total }] : [];
  return (
    <>
      <Form layout="inline" className="fq-filters">
        <Form.Item><RegionSelect root={user.regionCode} value={code} onChange={(v?: string) => setCode(v || undefined)} placeholder={t('reg.stats.region')} className="fq-filter-region" /></Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
      <Table rowKey="code" size="small" pagination={false} dataSource={rows} scroll={{ x: 'max-content' }} data-testid="register-stats"
        columns={[{ title: stats?.region.name ?? t('reg.stats.region'), dataIndex: 'name' }, ...keys.map((k) => ({ title: t(`reg.stats.${k}`), dataIndex: k }))]} />
    </>
  );
}
