// 民情一日一巡查一记录: which grid workers and volunteers of the village (or town) logged a patrol on a day.
import { useEffect, useState } from 'react';
import { Alert, Card, DatePicker, Flex, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage, get } from '../../api';
import { useI18n } from '../../i18n';

interface Daily {
  date: string;
  total: number;
  logged: number;
  workers: { userId: number; displayName: string; duties: string[]; grids: { code: string; name: string }[]; patrols: number; lastStartedAt: string | null; logged: boolean }[];
}

export default function DailyPage() {
  const { t } = useI18n();
  const [day, setDay] = useState<Dayjs | null>(null);
  const [data, setData] = useState<Daily | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<Daily>(`/api/patrols/daily${day ? `?date=${day.format('YYYY-MM-DD')}` : ''}`).then(setData, (e) => setError(errorMessage(e)));
  }, [day]);
  return (
    <Card className="fq-page-card" title={t('patrol.daily.title')} extra={<DatePicker value={day ?? (data ? dayjs(data.date) : null)} onChange={setDay} allowClear={false} aria-label={t('patrol.daily.date')} />}>
      {error && <Alert type="error" showIcon title={error} />}
      {data && (
        <Flex vertical gap={12}>
          <Typography.Text data-testid="daily-summary">{t('patrol.daily.summary', { date: data.date, logged: data.logged, total: data.total })}</Typography.Text>
          <Table
            size="small"
            rowKey="userId"
            dataSource={data.workers}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: t('patrol.daily.worker'), dataIndex: 'displayName' },
              { title: t('patrol.daily.grids'), dataIndex: 'grids', render: (g: Daily['workers'][number]['grids']) => g.map((x) => x.name).join('、') },
              { title: t('patrol.daily.state'), dataIndex: 'logged', render: (l: boolean, r) => (l ? <Tag color="green">{t('patrol.daily.logged', { n: r.patrols })}</Tag> : <Tag color="red">{t('patrol.daily.missing')}</Tag>) },
              { title: t('patrol.daily.last'), dataIndex: 'lastStartedAt', render: (v: string | null) => (v ? dayjs(v).format('HH:mm') : '—') },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}
