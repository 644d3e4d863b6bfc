// 预警规则: administrators set each rule's thresholds; the server validates them (a 400 names the field).
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Space, Switch, Typography } from 'antd';
import { errorMessage, fieldProblems } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { warningsApi, type RuleRow } from './api';

function RuleCard({ row, onSaved }: { row: RuleRow; onSaved: (r: RuleRow) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (v: { enabled: boolean } & Record<string, number>) => {
    const { enabled, ...params } = v;
    setBusy(true);
    try {
      onSaved(await warningsApi.setRule(row.rule, { enabled, params }));
      setProblem(null);
      message.success(t('wrules.saved'));
    } catch (e) {
      setProblem([errorMessage(e), ...fieldProblems(e)].join('；'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={lang === 'en' ? row.name.en : row.name.zh} size="small" data-testid={`rule-${row.rule}`}>
      <Form form={form} layout="inline" initialValues={{ enabled: row.enabled, ...row.params }} onFinish={save}>
        <Form.Item name="enabled" label={t('wrules.enabled')} valuePropName="checked"><Switch /></Form.Item>
        {Object.keys(row.params).map((k) => (
          <Form.Item key={k} name={k} label={t(`wrules.param.${k}` as MessageKey)}>
            <InputNumber step={k === 'factor' ? 0.5 : 1} style={{ width: 96 }} data-testid={`rule-${row.rule}-${k}`} />
          </Form.Item>
        ))}
        <Form.Item><Button type="primary" htmlType="submit" loading={busy} data-testid={`rule-${row.rule}-save`}>{t('wrules.save')}</Button></Form.Item>
      </Form>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginTop: 8 }} data-testid={`rule-${row.rule}-error`} />}
    </Card>
  );
}

export default function WarningRulesPage() {
  const { t } = useI18n();
  const [rows, setRows] = useState<RuleRow[]>([]);
  useEffect(() => {
    warningsApi.rules().then(setRows, () => setRows([]));
  }, []);
  return (
    <div className="fq-page">
      <Typography.Title level={4}>{t('wrules.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('wrules.hint')}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {rows.map((r) => <RuleCard key={r.rule} row={r} onSaved={(n) => setRows((all) => all.map((x) => (x.rule === n.rule ? { ...x, ...n } : x)))} />)}
      </Space>
    </div>
  );
}
