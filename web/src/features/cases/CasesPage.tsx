// 案件 › 案件列表 (case.read): filters above the table, keyset paging, row click opens the detail.
import { useState } from 'react';
import { Button, Card, Form, Input, Select } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { RegionSelect } from '../regions/RegionSelect';
import { CaseTable } from './CaseTable';
import { CATEGORIES, CHANNELS, STATE_NAMES, disputeTypeOptions, options } from './codes';
import type { CaseFilter, DueFilter } from './api';
import './cases.css';

interface Values {
  region?: string;
  status?: string[];
  category?: string;
  type?: string;
  channel?: string;
  due?: DueFilter;
  q?: string;
}

export default function CasesPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const user = useUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [filter, setFilter] = useState<CaseFilter>({});

  const apply = (v: Values) =>
    setFilter({
      region: v.region || undefined,
      status: v.status?.length ? v.status.join(',') : undefined,
      category: v.category || undefined,
      type: v.type || undefined,
      channel: v.channel || undefined,
      due: v.due || undefined,
      q: v.q?.trim() || undefined,
    });

  return (
    <Card
      title={t('menu.cases')}
      size="small"
      className="fq-page-card"
      extra={
        can('case.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')}>
            {t('menu.intake')}
          </Button>
        )
      }
    >
      <Form form={form} layout="inline" name="cases-filter" onFinish={apply} className="fq-filters fq-filter-form">
        <Form.Item name="region">
          <RegionSelect root={user.regionCode} placeholder={t('cases.filter.region')} className="fq-filter-region" data-testid="filter-region" />
        </Form.Item>
        <Form.Item name="status">
          <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('cases.status')} options={options(STATE_NAMES)} className="fq-filter-text" data-testid="filter-status" />
        </Form.Item>
        <Form.Item name="category">
          <Select allowClear placeholder={t('cases.category')} options={options(CATEGORIES)} className="fq-filter-small" data-testid="filter-category" />
        </Form.Item>
        <Form.Item name="type">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('cases.disputeType')} options={disputeTypeOptions()} virtual={false} className="fq-filter-small" popupMatchSelectWidth={false} />
        </Form.Item>
        <Form.Item name="channel">
          <Select allowClear placeholder={t('cases.channel')} options={options(CHANNELS)} className="fq-filter-small" />
        </Form.Item>
        <Form.Item name="due">
          <Select
            allowClear
            placeholder={t('cases.filter.due')}
            options={(['yellow', 'overdue', 'ok'] as const).map((d) => ({ value: d, label: t(`cases.due.${d}`) }))}
            className="fq-filter-small"
            data-testid="filter-due"
          />
        </Form.Item>
        <Form.Item name="q">
          <Input allowClear placeholder={t('cases.filter.q')} className="fq-filter-text" maxLength={50} data-testid="filter-q" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('common.search')}
          </Button>
        </Form.Item>
        <Form.Item>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Form.Item>
      </Form>
      <CaseTable filter={filter} />
    </Card>
  );
}
