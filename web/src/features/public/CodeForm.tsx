// Tracking code + last four phone digits: the key to a citizen's case on /track and /rate.
import { Button, Form, Input } from 'antd';
import { useI18n } from '../../i18n';

export interface CodeValues {
  code: string;
  phone4: string;
}

export function CodeForm({ initial, busy, submitLabel, onSubmit, name }: { initial?: Partial<CodeValues>; busy: boolean; submitLabel: string; onSubmit: (v: CodeValues) => void; name: string }) {
  const { t } = useI18n();
  return (
    <Form<CodeValues> layout="vertical" name={name} size="large" requiredMark={false} initialValues={initial} onFinish={(v) => onSubmit({ code: v.code.trim().toUpperCase(), phone4: v.phone4.trim() })} className="fq-pub-card">
      <Form.Item name="code" label={t('pub.track.code')} rules={[{ required: true, whitespace: true, message: t('pub.required') }]}>
        <Input maxLength={20} autoCapitalize="characters" className="fq-mono" />
      </Form.Item>
      <Form.Item name="phone4" label={t('pub.track.phone4')} rules={[{ required: true, pattern: /^\d{4}$/, message: t('pub.phone4.rule') }]}>
        <Input maxLength={4} inputMode="numeric" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} className="fq-pub-big" data-testid={`${name}-submit`}>
        {submitLabel}
      </Button>
    </Form>
  );
}
