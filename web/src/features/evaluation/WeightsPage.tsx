// 季季评权重: administrators set the weights (whole numbers adding up to 100; the server checks it too).
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Typography } from 'antd';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { evaluationApi } from './api';

const NAMES: Record<string, string> = { onTimeClosureRate: '按期结案率', satisfactionRate: '满意率', reworkRate: '返工率（越低越好）', townRetentionRate: '不出镇率', supervisionOnTime: '督办按时回复率' };

export default function WeightsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, number>>();
  const [w, setW] = useState<Record<string, number> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const values = Form.useWatch([], form) as Record<string, number> | undefined;
  const sum = Object.values(values ?? {}).reduce((s, v) => s + (Number(v) || 0), 0);
  useEffect(() => {
    evaluationApi.weights().then(setW, (e) => setError(errorMessage(e)));
  }, []);
  const save = async (v: Record<string, number>) => {
    try {
      setW(await evaluationApi.setWeights(v));
      setError(null);
      message.success(t('eval.weights.saved'));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className="fq-page">
      <Typography.Title level={4}>{t('eval.weights.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('eval.weights.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {w && (
        <Card size="small" style={{ maxWidth: 520 }}>
          <Form form={form} layout="horizontal" labelCol={{ span: 12 }} initialValues={w} onFinish={save}>
            {Object.keys(w).map((k) => (
              <Form.Item key={k} name={k} label={NAMES[k] ?? k}><InputNumber min={0} max={100} precision={0} /></Form.Item>
            ))}
            <Form.Item label={t('eval.weights.sum')}><b style={{ color: sum === 100 ? undefined : '#cf1322' }}>{sum}</b></Form.Item>
            <Button type="primary" htmlType="submit">{t('eval.weights.save')}</Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
