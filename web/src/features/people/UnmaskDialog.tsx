// The eye button's dialog: a reason first (4–200 characters), then the full values; the view is audited.
import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, Modal } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { ID_TYPE_KEYS, peopleApi, type Person } from './api';

export function UnmaskDialog({ person, onClose }: { person: Person | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [full, setFull] = useState<Person | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setFull(null);
    setError(null);
    form.resetFields();
  }, [person, form]);

  const submit = async () => {
    if (!person) return;
    const v = await validValues(form);
    if (!v) return;
    const { reason } = v;
    setBusy(true);
    setError(null);
    try {
      setFull(await peopleApi.unmask(person.id, reason.trim()));
    } catch (e) {
      if (!applyFieldErrors(form, e, ['reason']).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const footer = full
    ? [
        <Button key="close" type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" icon={<EyeOutlined />} loading={busy} onClick={submit} data-testid="unmask-submit">
          {t('people.unmask.submit')}
        </Button>,
      ];

  return (
    <Modal open={person !== null} title={t('people.unmask.title', { name: person?.name ?? '' })} onCancel={onClose} footer={footer} forceRender>
      <Alert type="warning" showIcon className="fq-gap-bottom" title={t('people.unmask.audited')} />
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      {full ? (
        <Descriptions
          bordered
          size="small"
          column={1}
          data-testid="unmasked"
          items={[
            { key: 'n', label: t('people.name'), children: full.name },
            { key: 't', label: t('people.idType'), children: t(ID_TYPE_KEYS[full.idType]) },
            { key: 'i', label: t('people.idNumber'), children: <span className="fq-mono" data-testid="unmasked-id">{full.idNumber}</span> },
            { key: 'p', label: t('people.phone'), children: <span className="fq-mono">{full.phone ?? '—'}</span> },
            { key: 'g', label: t('people.grid'), children: full.gridName },
          ]}
        />
      ) : null}
      <div style={full ? { display: 'none' } : undefined}>
        <Form form={form} layout="vertical" name="unmask" onFinish={submit}>
          <Form.Item
            name="reason"
            label={t('people.unmask.reason')}
            rules={[
              { required: true, whitespace: true, message: t('people.unmask.reason.rule') },
              { min: 4, max: 200, message: t('people.unmask.reason.rule') },
            ]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('people.unmask.reason.placeholder')} autoFocus />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
