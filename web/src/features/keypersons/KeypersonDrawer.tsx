// One key person (the read is audited): masked identity, category details, sensitive facts, cadres, the visit log,
// and "记录走访" for those who may write. Full-screen on a phone.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Empty, Form, Input, Modal, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../auth/session';
import { useIsMobile } from '../../shell/useIsMobile';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { keypersonsApi, type KeypersonDetail } from './api';
import { DueTag, RiskTag } from './tags';
import './keypersons.css';

const show = (v: unknown) => (v === undefined || v === null || v === '' ? '—' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

export function KeypersonDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const mobile = useIsMobile();
  const [k, setK] = useState<KeypersonDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [visiting, setVisiting] = useState(false);

  const load = useCallback(async () => {
    if (id === null) return;
    setError(null);
    try {
      setK(await keypersonsApi.get(id));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);
  useEffect(() => {
    setK(null);
    void load();
  }, [load]);

  const defs = k?.fieldDefs ?? [];
  return (
    <Drawer open={id !== null} onClose={onClose} size={mobile ? '100%' : 560} title={k ? `${k.personName} · ${k.categoryName}` : t('common.loading')} destroyOnHidden
      extra={k && can('keyperson.write') && k.status === 'active' && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setVisiting(true)} data-testid="kp-visit">{t('kp.visit')}</Button>
      )}>
      {error && <Alert type="error" showIcon title={error} />}
      {k && (
        <div data-testid="kp-detail">
          <Alert type="info" showIcon title={t('kp.audited')} className="fq-gap-bottom" />
          <Descriptions size="small" bordered column={1} items={[
            { key: 'id', label: t('kp.idNumber'), children: <span className="fq-mono">{k.idNumber}</span> },
            { key: 'phone', label: t('people.phone'), children: <span className="fq-mono">{k.phone ?? '—'}</span> },
            { key: 'grid', label: t('kp.grid'), children: k.gridName },
            { key: 'risk', label: t('kp.risk'), children: <RiskTag risk={k.risk} /> },
            { key: 'due', label: t('kp.nextDue'), children: <span data-testid="kp-next-due">{k.nextDueOn} <DueTag state={k.dueState} /></span> },
            { key: 'last', label: t('kp.lastVisit'), children: k.lastVisitOn ?? '—' },
            { key: 'cadres', label: t('kp.cadres'), children: k.cadres.map((c) => <Tag key={c.id}>{c.displayName}</Tag>) },
          ]} />
          <Typography.Title level={5}>{t('kp.fields')}</Typography.Title>
          <Descriptions size="small" bordered column={1} items={defs.filter((d) => !d.sensitive).map((d) => ({ key: d.key, label: d.label, children: show(k.attributes[d.key]) }))} />
          {defs.some((d) => d.sensitive) && (
            <>
              <Typography.Title level={5}>{t('kp.facts')}</Typography.Title>
              <Descriptions size="small" bordered column={1} items={defs.filter((d) => d.sensitive).map((d) => ({ key: d.key, label: d.label, children: show(k.facts?.[d.key]) }))} />
            </>
          )}
          <Typography.Title level={5}>{t('kp.visits')}</Typography.Title>
          {k.visits.length === 0 ? <Empty description={t('kp.visit.none')} /> : (
            <Timeline data-testid="kp-visits" items={k.visits.map((v) => ({ key: v.id, content: <><b>{v.visitedOn}</b> {v.visitor}<div>{v.findings}</div>{v.photos.map((p) => <img key={p} src={keypersonsApi.photoUrl(k.id, p)} alt={t('kp.visit.photo')} className="fq-kp-photo" />)}</> }))} />
          )}
        </div>
      )}
      {k && (
        <VisitDialog open={visiting} id={k.id} onClose={() => setVisiting(false)} onDone={(d) => {
          setVisiting(false);
          setK(d);
          onChanged();
        }} />
      )}
    </Drawer>
  );
}

function VisitDialog({ open, id, onClose, onDone }: { open: boolean; id: number; onClose: () => void; onDone: (k: KeypersonDetail) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ visitedOn?: string; findings: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const photos: string[] = [];
      for (const f of files) photos.push((await keypersonsApi.uploadPhoto(id, f)).photo);
      const k = await keypersonsApi.visit(id, { visitedOn: v.visitedOn || undefined, findings: v.findings.trim(), photos });
      setFiles([]);
      message.success(t('kp.visit.done'));
      form.resetFields();
      onDone(k);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['visitedOn', 'findings']).length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('kp.visit')} okText={t('common.ok')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={submit} onCancel={onClose} forceRender okButtonProps={{ 'data-testid': 'visit-submit' } as Record<string, string>}>
      {error && <Alert type="error" showIcon className="fq-gap-bottom" title={error} role="alert" />}
      <Form form={form} layout="vertical" name="keyperson-visit">
        <Form.Item name="visitedOn" label={t('kp.visit.date')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="findings" label={t('kp.visit.findings')} rules={[{ required: true, whitespace: true, message: t('form.required') }, { max: 2000 }]}>
          <Input.TextArea rows={4} maxLength={2000} placeholder={t('kp.visit.findings.placeholder')} data-testid="visit-findings" />
        </Form.Item>
        <Form.Item label={t('kp.visit.photos')} extra={files.map((f) => f.name).join('、')}>
          <input type="file" accept="image/jpeg,image/png,image/webp" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []).slice(0, 9))} data-testid="visit-photos" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
