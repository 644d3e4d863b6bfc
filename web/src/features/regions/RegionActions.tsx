// Administrator actions on one node (permission region.manage). Each opens a dialog that asks only what it needs.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space } from 'antd';
import { DeleteOutlined, DragOutlined, EditOutlined, NumberOutlined, PlusOutlined } from '@ant-design/icons';
import { errorMessage, fieldProblems } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { regionsApi, type RegionDetails } from './api';
import { validValues } from '../../shell/formErrors';

type Kind = 'create' | 'rename' | 'recode' | 'move' | 'retire';

interface Values {
  name?: string;
  code?: string;
  reason?: string;
  parentCode?: string;
  successorCode?: string;
  geometry?: string;
}

const TITLES: Record<Kind, MessageKey> = {
  create: 'action.create',
  rename: 'action.rename',
  recode: 'action.recode',
  move: 'action.move',
  retire: 'action.retire',
};

const opt = (v?: string) => (v && v.trim() ? v.trim() : undefined);

export function RegionActions({ region: r, onDone }: { region: RegionDetails; onDone: (code: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<Values>();
  const retired = r.status !== 'active';

  const open = (k: Kind) => {
    setError(null);
    form.resetFields();
    if (k === 'rename') form.setFieldsValue({ name: r.name });
    setKind(k);
  };

  const run = async (v: Values): Promise<string> => {
    const version = r.version;
    switch (kind) {
      case 'create': {
        let geometry: unknown;
        if (opt(v.geometry)) geometry = JSON.parse(v.geometry!);
        await regionsApi.create({ parentCode: r.code, name: v.name!.trim(), code: opt(v.code), geometry });
        return r.code;
      }
      case 'rename':
        return (await regionsApi.update(r.code, { name: v.name!.trim(), version })).code;
      case 'recode':
        return (await regionsApi.update(r.code, { code: v.code!.trim(), reason: opt(v.reason), version })).code;
      case 'move':
        return (await regionsApi.move(r.code, { parentCode: v.parentCode!.trim(), code: opt(v.code), reason: opt(v.reason), version })).code;
      case 'retire':
        await regionsApi.retire(r.code, { successorCode: v.successorCode!.trim(), reason: opt(v.reason), version });
        return r.code;
      default:
        return r.code;
    }
  };

  const submit = async () => {
    const v = await validValues(form); // null: the fields show what is missing
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const code = await run(v);
      message.success(t('action.done'));
      setKind(null);
      onDone(code);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  const digits = [{ pattern: /^\d*$/, message: '0-9' }];
  const geometryRule = {
    validator: async (_: unknown, v?: string) => {
      if (!opt(v)) return;
      try {
        JSON.parse(v!);
      } catch {
        throw new Error(t('form.geometry.invalid'));
      }
    },
  };
  const problems = fieldProblems(error);

  return (
    <>
      <Space wrap size={[8, 8]}>
        <Button icon={<PlusOutlined />} onClick={() => open('create')} disabled={retired || r.level === 'grid_micro'}>
          {t('action.create')}
        </Button>
        <Button icon={<EditOutlined />} onClick={() => open('rename')} disabled={retired}>
          {t('action.rename')}
        </Button>
        <Button icon={<NumberOutlined />} onClick={() => open('recode')} disabled={retired}>
          {t('action.recode')}
        </Button>
        <Button icon={<DragOutlined />} onClick={() => open('move')} disabled={retired || r.level === 'city'}>
          {t('action.move')}
        </Button>
        <Button icon={<DeleteOutlined />} danger onClick={() => open('retire')} disabled={retired || r.level === 'city'}>
          {t('action.retire')}
        </Button>
      </Space>
      <Modal
        open={kind !== null}
        title={kind ? `${t(TITLES[kind])} · ${r.name}` : ''}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setKind(null)}
        okButtonProps={{ danger: kind === 'retire' }}
        forceRender
      >
        {error !== null && (
          <Alert
            type="error"
            showIcon
            className="fq-gap-bottom"
            title={errorMessage(error)}
            description={problems.length ? <ul className="fq-problems">{problems.map((p) => <li key={p}>{p}</li>)}</ul> : undefined}
          />
        )}
        {kind === 'retire' && <Alert type="warning" className="fq-gap-bottom" title={t('form.retire.hint')} />}
        <Form form={form} layout="vertical" name={`region-${kind}`} preserve={false}>
          {(kind === 'create' || kind === 'rename') && (
            <Form.Item name="name" label={t('form.name')} rules={[...required, { max: 100 }]}>
              <Input autoFocus />
            </Form.Item>
          )}
          {kind === 'create' && (
            <Form.Item name="code" label={t('form.code.optional')} rules={digits}>
              <Input placeholder={`${r.code}001`} inputMode="numeric" />
            </Form.Item>
          )}
          {kind === 'recode' && (
            <Form.Item name="code" label={t('form.newCode')} rules={[...required, ...digits]} initialValue={r.code}>
              <Input inputMode="numeric" />
            </Form.Item>
          )}
          {kind === 'move' && (
            <>
              <Form.Item name="parentCode" label={t('form.parentCode')} rules={[...required, ...digits]}>
                <Input inputMode="numeric" placeholder={r.parent?.code} />
              </Form.Item>
              <Form.Item name="code" label={t('form.code.optional')} rules={digits}>
                <Input inputMode="numeric" />
              </Form.Item>
            </>
          )}
          {kind === 'retire' && (
            <Form.Item name="successorCode" label={t('form.successorCode')} rules={[...required, ...digits]}>
              <Input inputMode="numeric" />
            </Form.Item>
          )}
          {(kind === 'recode' || kind === 'move' || kind === 'retire') && (
            <Form.Item name="reason" label={t('form.reason')} rules={[{ max: 200 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
          {kind === 'create' && (
            <Form.Item name="geometry" label={t('form.geometry')} rules={[geometryRule]}>
              <Input.TextArea rows={4} placeholder='{"type":"Polygon","coordinates":[[[107.1,40.8],[107.2,40.8],[107.2,40.9],[107.1,40.8]]]}' />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
