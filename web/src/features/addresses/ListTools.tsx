// The filter row shared by the register tabs: region, keyword, extra fields, search, export and add.
import type { ReactNode } from 'react';
import { Button, Form, Input } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { RegionSelect } from '../regions/RegionSelect';

export function ListTools({ name, onSearch, extra, exportUrl, onAdd }: { name: string; onSearch: (v: Record<string, string | undefined>) => void; extra?: ReactNode; exportUrl?: string; onAdd?: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const user = useUser();
  const [form] = Form.useForm();
  return (
    <Form form={form} layout="inline" name={name} className="fq-filters fq-filter-form" onFinish={(v: Record<string, string | undefined>) =>
      onSearch(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' && x.trim() ? x.trim() : undefined])))}>
      <Form.Item name="gridCode"><RegionSelect root={user.regionCode} placeholder={t('people.filter.grid')} className="fq-filter-region" /></Form.Item>
      <Form.Item name="q"><Input allowClear placeholder={t('reg.search')} className="fq-filter-small" /></Form.Item>
      {extra}
      <Form.Item><Button type="primary" htmlType="submit" icon={<SearchOutlined />}>{t('common.search')}</Button></Form.Item>
      {exportUrl && <Form.Item><Button icon={<DownloadOutlined />} href={exportUrl}>{t('reg.export')}</Button></Form.Item>}
      {onAdd && can('register.write') && <Form.Item><Button icon={<PlusOutlined />} onClick={onAdd} data-testid={`${name}-add`}>{t('reg.add')}</Button></Form.Item>}
    </Form>
  );
}
