// 窗口受理 (case.create): the intake form → POST /api/cases with an Idempotency-Key kept for retries of
// the same submit; on success the case number and tracking code with "print receipt" and "open".
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { errorMessage, get } from '../../api';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { RegionSelect } from '../regions/RegionSelect';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { CATEGORIES, CHANNELS, FIELD_ROLES, URGENCIES, channelOf, disputeTypeOptions, options } from './codes';
import { casesApi, docUrl, type Created } from './api';
import './cases.css';

interface Values {
  title: string;
  description: string;
  category: string;
  disputeType?: string;
  channel: string;
  regionCode: string;
  address?: string;
  applicant: { name: string; phone: string; idNumber?: string };
  respondents?: { name: string; phone?: string }[];
  urgency: string;
  confidential?: boolean;
  avoidUnitIds?: number[];
}

const FIELDS = ['title', 'description', 'category', 'disputeType', 'channel', 'regionCode', 'address', 'applicant', 'respondents', 'urgency', 'avoidUnitIds'];
const blank = (s?: string) => (s && s.trim() ? s.trim() : undefined);

export default function IntakePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const user = useUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [units, setUnits] = useState<{ id: number; name: string }[]>([]);
  const key = useRef<{ body: string; key: string } | null>(null);
  const category = Form.useWatch('category', form);
  const confidential = Form.useWatch('confidential', form);

  useEffect(() => {
    if (can('unit.read')) get<{ id: number; name: string }[]>('/api/units').then(setUnits, () => setUnits([]));
  }, [can]);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    const body = {
      title: v.title.trim(),
      description: v.description.trim(),
      category: v.category,
      disputeType: v.category === 'dispute' ? v.disputeType : v.disputeType || undefined,
      channel: v.channel,
      regionCode: v.regionCode,
      address: blank(v.address),
      urgency: v.urgency,
      applicant: { name: v.applicant.name.trim(), phone: v.applicant.phone.trim(), idNumber: blank(v.applicant.idNumber) },
      respondents: (v.respondents ?? []).filter((r) => r?.name?.trim()).map((r) => ({ name: r.name.trim(), phone: blank(r.phone) })),
      confidential: Boolean(v.confidential),
      avoidUnitIds: v.confidential ? (v.avoidUnitIds ?? []) : undefined,
    };
    // the same body retried (a lost answer, a double click) keeps its key: the server answers once
    const text = JSON.stringify(body);
    if (!key.current || key.current.body !== text) key.current = { body: text, key: crypto.randomUUID() };
    setBusy(true);
    setError(null);
    try {
      setCreated(await casesApi.create(body, key.current.key));
      key.current = null;
    } catch (e) {
      if (!applyFieldErrors(form, e, FIELDS).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (created)
    return (
      <Card className="fq-page-card">
        <Result
          status="success"
          title={t('intake.done')}
          subTitle={
            <div className="fq-intake-done" data-testid="intake-done">
              <div data-testid="created-number">{t('intake.done.number', { n: created.caseNumber })}</div>
              <Typography.Text copyable={{ text: created.trackingCode }} className="fq-intake-code fq-mono" data-testid="created-code">
                {t('intake.done.code', { c: created.trackingCode })}
              </Typography.Text>
            </div>
          }
          extra={[
            <Button key="p" icon={<PrinterOutlined />} href={docUrl(created.id, 'receipt.pdf')} target="_blank">
              {t('cases.print.receipt')}
            </Button>,
            <Button key="o" type="primary" onClick={() => navigate(`/cases/${created.id}`)} data-testid="open-created">
              {t('intake.open')}
            </Button>,
            <Button
              key="n"
              onClick={() => {
                form.resetFields();
                setCreated(null);
              }}
            >
              {t('intake.again')}
            </Button>,
          ]}
        />
      </Card>
    );

  const req = (message = t('intake.required')) => [{ required: true, whitespace: true, message }];
  return (
    <Card title={t(FIELD_ROLES.includes(user.role) ? 'menu.report' : 'intake.title')} size="small" className="fq-page-card fq-intake">
      {error && <Alert type="error" showIcon title={error} className="fq-gap-bottom" data-testid="intake-error" />}
      <Form
        form={form}
        layout="vertical"
        name="intake"
        initialValues={{ category: 'dispute', channel: channelOf(user.role), urgency: 'normal', respondents: [] }}
        onFinish={submit}
        className="fq-intake-form"
      >
        <Form.Item name="title" label={t('intake.subject')} rules={[...req(), { min: 2, max: 100, message: '2–100' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('intake.description')} rules={[...req(), { min: 2, message: '≥ 2' }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
        <div className="fq-form-pair">
          <Form.Item name="category" label={t('cases.category')} rules={[{ required: true }]}>
            <Select options={options(CATEGORIES)} />
          </Form.Item>
          <Form.Item
            name="disputeType"
            label={t('cases.disputeType')}
            required={category === 'dispute'}
            dependencies={['category']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v) => (getFieldValue('category') === 'dispute' && !v ? Promise.reject(new Error(t('intake.disputeType.required'))) : Promise.resolve()),
              }),
            ]}
          >
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={disputeTypeOptions()} virtual={false} data-testid="intake-dispute-type" />
          </Form.Item>
          <Form.Item name="channel" label={t('cases.channel')} rules={[{ required: true }]}>
            <Select options={options(CHANNELS).filter((o) => o.value !== 'citizen')} />
          </Form.Item>
          <Form.Item name="urgency" label={t('cases.urgency')}>
            <Select options={options(URGENCIES)} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('intake.region')} rules={[{ required: true, message: t('intake.region.required') }]}>
            <RegionSelect root={user.regionCode} data-testid="intake-region" />
          </Form.Item>
          <Form.Item name="address" label={t('cases.address')}>
            <Input maxLength={200} />
          </Form.Item>
        </div>
        <div className="fq-section-title">{t('intake.applicant')}</div>
        <div className="fq-form-pair">
          <Form.Item name={['applicant', 'name']} label={t('intake.applicant.name')} rules={req()}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name={['applicant', 'phone']} label={t('intake.applicant.phone')} rules={req()}>
            <Input maxLength={30} inputMode="tel" className="fq-mono" />
          </Form.Item>
          <Form.Item name={['applicant', 'idNumber']} label={t('intake.applicant.id')}>
            <Input maxLength={40} className="fq-mono" />
          </Form.Item>
        </div>
        <div className="fq-section-title">{t('intake.respondents')}</div>
        <Form.List name="respondents">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <div key={f.key} className="fq-party-row">
                  <Form.Item name={[f.name, 'name']} rules={req()}>
                    <Input placeholder={t('intake.respondent.name')} maxLength={60} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']}>
                    <Input placeholder={t('intake.respondent.phone')} maxLength={30} inputMode="tel" />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                </div>
              ))}
              <Form.Item>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })} data-testid="add-respondent">
                  {t('intake.respondent.add')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Space align="start" wrap className="fq-intake-confidential">
          <Form.Item name="confidential" valuePropName="checked">
            <Checkbox>{t('cases.confidential')}</Checkbox>
          </Form.Item>
          {confidential && (
            <Form.Item name="avoidUnitIds" label={t('intake.avoid')} className="fq-intake-avoid">
              <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={units.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          )}
        </Space>
        <div>
          <Button type="primary" htmlType="submit" loading={busy} size="large" data-testid="intake-submit">
            {t('intake.submit')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

