// 我要反映 (/report): no login. A few plain questions → POST /api/public/cases (Idempotency-Key kept for
// retries of the same submit) → the tracking code, big, with a QR code; photos may follow within an hour.
import { useRef, useState } from 'react';
import { Alert, App, Button, Form, Input, QRCode, Select, Upload } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { PublicShell } from './PublicShell';
import { DISPUTE_KINDS, KINDS, PLACES, publicApi } from './api';

interface Values {
  title: string;
  description: string;
  regionCode: string;
  address?: string;
  category: string;
  disputeType?: string;
  name: string;
  phone: string;
}

export default function ReportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ code: string; phone4: string } | null>(null);
  const [photos, setPhotos] = useState<string[]>([]);
  const key = useRef<{ body: string; key: string } | null>(null);
  const category = Form.useWatch('category', form);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    const body = {
      title: v.title.trim(),
      description: v.description.trim(),
      category: v.category,
      disputeType: v.category === 'dispute' ? v.disputeType : undefined,
      regionCode: v.regionCode,
      address: v.address?.trim() || undefined,
      applicant: { name: v.name.trim(), phone: v.phone.trim() },
    };
    const text = JSON.stringify(body);
    if (!key.current || key.current.body !== text) key.current = { body: text, key: crypto.randomUUID() };
    setBusy(true);
    setError(null);
    try {
      const r = await publicApi.report(body, key.current.key);
      setDone({ code: r.trackingCode, phone4: body.applicant.phone.replace(/\D/g, '').slice(-4) });
      window.scrollTo(0, 0);
    } catch (e) {
      const map: Record<string, 'name' | 'phone'> = { 'applicant.name': 'name', 'applicant.phone': 'phone' };
      const fields = (e as { details?: { fields?: { path: string; message: string }[] } }).details?.fields;
      if (fields?.length && fields.every((f) => map[f.path])) form.setFields(fields.map((f) => ({ name: map[f.path], errors: [errorMessage(e)] })));
      else if (!applyFieldErrors(form, e, ['title', 'description', 'regionCode', 'disputeType', 'address']).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const addPhoto = async (file: File) => {
    if (!done) return;
    try {
      await publicApi.photo(done.code, done.phone4, file);
      setPhotos((p) => [...p, file.name]);
      message.success(t('pub.photos.added'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  if (done) {
    const trackUrl = `${window.location.origin}/track?code=${done.code}`;
    return (
      <PublicShell title={t('pub.done')}>
        <div className="fq-pub-card fq-pub-center" data-testid="report-done">
          <div>{t('pub.code')}</div>
          <div className="fq-pub-code" data-testid="tracking-code">
            {done.code}
          </div>
          <QRCode value={trackUrl} size={180} />
          <div className="fq-pub-save">{t('pub.save')}</div>
          <Link to={`/track?code=${done.code}`}>
            <Button type="primary" size="large" className="fq-pub-big">
              {t('pub.goTrack')}
            </Button>
          </Link>
        </div>
        <div className="fq-pub-card">
          <div className="fq-gap-bottom">{t('pub.photos')}</div>
          <Upload accept="image/jpeg,image/png,image/webp" capture="environment" showUploadList={false} beforeUpload={(f) => (addPhoto(f), false)}>
            <Button icon={<CameraOutlined />} size="large" data-testid="add-photo">
              {t('pub.photos.add')}
            </Button>
          </Upload>
          {photos.map((p) => (
            <div key={p}>✓ {p}</div>
          ))}
        </div>
      </PublicShell>
    );
  }

  const req = [{ required: true, whitespace: true, message: t('pub.required') }];
  return (
    <PublicShell title={t('pub.report')}>
      <div className="fq-pub-intro">{t('pub.report.intro')}</div>
      {error && <Alert type="error" showIcon title={error} className="fq-gap-bottom" data-testid="report-error" />}
      <Form form={form} layout="vertical" name="report" size="large" requiredMark={false} initialValues={{ category: 'dispute' }} onFinish={submit} className="fq-pub-card">
        <Form.Item name="title" label={t('pub.report.what')} rules={[...req, { min: 2, message: t('pub.required') }]}>
          <Input maxLength={100} placeholder={t('pub.report.what.ph')} />
        </Form.Item>
        <Form.Item name="description" label={t('pub.report.detail')} rules={[...req, { min: 2, message: t('pub.required') }]}>
          <Input.TextArea rows={4} maxLength={5000} placeholder={t('pub.report.detail.ph')} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('pub.report.place')} rules={[{ required: true, message: t('pub.pick') }]}>
          <Select options={PLACES} placeholder={t('pub.pick')} data-testid="report-place" />
        </Form.Item>
        <Form.Item name="address" label={t('pub.report.address')}>
          <Input maxLength={200} placeholder={t('pub.report.address.ph')} />
        </Form.Item>
        <Form.Item name="category" label={t('pub.report.kind')} rules={[{ required: true, message: t('pub.pick') }]}>
          <Select options={KINDS} data-testid="report-kind" />
        </Form.Item>
        {category === 'dispute' && (
          <Form.Item name="disputeType" label={t('pub.report.type')} rules={[{ required: true, message: t('pub.pick') }]}>
            <Select options={DISPUTE_KINDS} placeholder={t('pub.pick')} data-testid="report-type" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('pub.report.name')} rules={req}>
          <Input maxLength={60} autoComplete="name" />
        </Form.Item>
        <Form.Item name="phone" label={t('pub.report.phone')} extra={t('pub.report.phone.hint')} rules={req}>
          <Input maxLength={20} inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} className="fq-pub-big" data-testid="report-submit">
          {t('pub.report.submit')}
        </Button>
      </Form>
    </PublicShell>
  );
}
