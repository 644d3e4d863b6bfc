// One dialog per workflow action, asking only for what that action needs; always sends {action, version}.
import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import { FlagFilled } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { get } from '../../api';
import { ApiError, errorMessage } from '../../api';
import { formatTime, useI18n } from '../../i18n';
import { openSupervision } from './supervision';
import { applyFieldErrors, validValues } from '../../shell/formErrors';
import { ACTION_NAMES, DISPOSITIONS, RATING_METHODS, SATISFACTION, options, type CaseAction } from './codes';
import { casesApi, type ActionInput, type Assignee, type CaseDetail, type Duplicate } from './api';

type Values = Omit<ActionInput, 'action' | 'version' | 'replyDueAt' | 'dueAt'> & { replyDueAt?: Dayjs; dueAt?: Dayjs };
const REASON: CaseAction[] = ['reject', 'return', 'escalate', 'reopen', 'take_over', 'request_review', 'request_rereview'];
/** 复查/复核 decisions: the decision's text */
const DECISION: CaseAction[] = ['decide_review', 'decide_rereview'];
/** actions whose only field is a note (督办回复 and 报到 need it, 催办 may have it) */
const NOTE: CaseAction[] = ['reply_supervision', 'urge', 'report_in'];
const NOTE_REQUIRED: CaseAction[] = ['reply_supervision'];
/** the actions with their own fields below; any other asks for a note */
const SPECIFIC: CaseAction[] = [...REASON, ...NOTE, ...DECISION, 'assign', 'feedback', 'verify', 'rate', 'close', 'merge', 'file', 'start', 'archive', 'supervise', 'request_extension', 'decide_extension', 'whistle'];
const GRADES = [
  { value: 'normal', label: '普通', color: '#1677ff' },
  { value: 'yellow', label: '黄牌', color: '#d4b106' },
  { value: 'red', label: '红牌', color: '#f5222d' },
] as const;
const COUNTY = '150826';
interface Unit {
  id: number;
  name: string;
  kind: string;
}

interface Props {
  c: CaseDetail;
  action: CaseAction | null;
  /** a preset primary case for merge (from the duplicates panel) */
  primaryId?: number;
  duplicates?: Duplicate[];
  onClose: () => void;
  onDone: (updated: CaseDetail) => void;
  onReload: () => void;
}

export function ActionDialog({ c, action, primaryId, duplicates = [], onClose, onDone, onReload }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; stale: boolean } | null>(null);
  const [units, setUnits] = useState<Assignee[] | null>(null);
  const [depts, setDepts] = useState<Unit[] | null>(null);

  useEffect(() => {
    if (!action) return;
    form.resetFields();
    setError(null);
    if (action === 'merge' && primaryId) form.setFieldsValue({ primaryId });
    if (action === 'assign') casesApi.assignees(c.id).then(setUnits, (e) => setError({ message: errorMessage(e), stale: false }));
    if (action === 'supervise') form.setFieldsValue({ grade: 'normal', replyDueAt: dayjs().add(3, 'day').hour(17).minute(30).second(0) });
    if (action === 'whistle') {
      form.setFieldsValue({ dueAt: dayjs().add(1, 'day').hour(9).minute(0).second(0) });
      get<Unit[]>(`/api/units?region=${COUNTY}`).then(
        (us) => setDepts(us.filter((u) => u.kind !== 'office')),
        (e) => setError({ message: errorMessage(e), stale: false }),
      );
    }
  }, [action, c.id, primaryId, form]);

  const grade = Form.useWatch('grade', form);
  if (!action) return null;
  const name = ACTION_NAMES[action];
  const supOrder = action === 'reply_supervision' ? openSupervision(c) : null;
  const required = (message: string) => [{ required: true, message }];

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      // a generic action's text goes as both note and reason: the server reads whichever it needs
      const { replyDueAt, dueAt, ...rest } = v;
      const dates = { ...(replyDueAt ? { replyDueAt: replyDueAt.toISOString() } : {}), ...(dueAt ? { dueAt: dueAt.toISOString() } : {}) };
      const extra = SPECIFIC.includes(action) ? { ...rest, ...dates } : { note: v.note, reason: v.note };
      const updated = await casesApi.act(c.id, { action, version: c.version, ...extra });
      onDone(updated);
    } catch (e) {
      const marked = applyFieldErrors(form, e, ['unitId', 'reason', 'note', 'result', 'disposition', 'passed', 'satisfaction', 'method', 'primaryId', 'grade', 'replyDueAt', 'days', 'approve', 'unitIds', 'dueAt']);
      const stale = e instanceof ApiError && (e.status === 409 || e.status === 412);
      if (!marked.length || stale) setError({ message: errorMessage(e), stale });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${name} · ${c.caseNumber}`}
      onCancel={onClose}
      onOk={submit}
      okText={name}
      confirmLoading={busy}
      destroyOnHidden
      className="fq-action-dialog"
      okButtonProps={{ danger: action === 'supervise' && grade === 'red', ...({ 'data-testid': 'action-submit' } as Record<string, string>) }}
    >
      {error && (
        <Alert
          type="error"
          showIcon
          className="fq-gap-bottom"
          title={error.message}
          description={error.stale ? t('cases.stale') : undefined}
          action={
            error.stale ? (
              <Button size="small" onClick={onReload}>
                {t('cases.reload')}
              </Button>
            ) : undefined
          }
          data-testid="action-error"
        />
      )}
      <Form form={form} layout="vertical" name={`act-${action}`} requiredMark={false}>
        {action === 'assign' && (
          <>
            <Form.Item name="unitId" label={t('act.unit')} rules={required(t('act.unit.required'))}>
              <Select
                loading={!units}
                showSearch={{ optionFilterProp: 'label' }}
                options={(units ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.regionName}）` }))}
                data-testid="assign-unit"
              />
            </Form.Item>
            <Form.Item name="note" label={t('act.note')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {REASON.includes(action) && (
          <Form.Item name="reason" label={t('act.reason')} rules={[{ required: true, whitespace: true, message: t('act.reason.required') }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="action-reason" />
          </Form.Item>
        )}
        {DECISION.includes(action) && (
          <Form.Item name="result" label={t(action === 'decide_review' ? 'act.review.result' : 'act.rereview.result')} rules={[{ required: true, whitespace: true, message: t('act.result.required') }]}>
            <Input.TextArea rows={4} maxLength={2000} data-testid="review-result" />
          </Form.Item>
        )}
        {action === 'feedback' && (
          <>
            <Form.Item name="disposition" label={t('cases.disposition')} rules={required(t('act.disposition.required'))}>
              <Select options={DISPOSITIONS.map((d) => ({ value: d, label: d }))} data-testid="feedback-disposition" />
            </Form.Item>
            <Form.Item name="result" label={t('cases.result')} rules={[{ required: true, whitespace: true, message: t('act.result.required') }]}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="feedback-result" />
            </Form.Item>
          </>
        )}
        {action === 'verify' && (
          <>
            <Form.Item name="passed" label={t('act.passed')} rules={required(t('act.passed'))}>
              <Radio.Group data-testid="verify-passed">
                <Radio value={true}>{t('act.passed.yes')}</Radio>
                <Radio value={false}>{t('act.passed.no')}</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item name="note" label={t('act.note')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {action === 'rate' && (
          <>
            <Form.Item name="satisfaction" label={t('cases.satisfaction')} rules={required(t('act.satisfaction.required'))}>
              <Radio.Group options={options(SATISFACTION)} optionType="button" />
            </Form.Item>
            <Form.Item name="method" label={t('act.method')} rules={required(t('act.method.required'))}>
              <Select options={options(RATING_METHODS)} />
            </Form.Item>
            <Form.Item name="note" label={t('act.note')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {action === 'close' && (
          <Form.Item name="note" label={t('act.note')} rules={[{ required: true, whitespace: true, message: t('act.note.required') }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {action === 'merge' && (
          <>
            {duplicates.length > 0 && (
              <Form.Item label={t('cases.dup.title')}>
                <Select
                  placeholder={t('act.primary')}
                  options={duplicates.map((d) => ({ value: d.id, label: `${d.caseNumber} ${d.title}` }))}
                  onChange={(id: number) => form.setFieldsValue({ primaryId: id })}
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
            )}
            <Form.Item name="primaryId" label={t('act.primary.id')} rules={required(t('act.primary.required'))}>
              <InputNumber min={1} precision={0} className="fq-full-width" />
            </Form.Item>
          </>
        )}
        {action === 'supervise' && (
          <>
            <Form.Item name="grade" label={t('act.grade')} rules={required(t('act.grade.required'))}>
              <Radio.Group optionType="button" buttonStyle="solid" className="fq-grade" data-testid="supervise-grade">
                {GRADES.map((g) => (
                  <Radio.Button key={g.value} value={g.value} className={`fq-grade-${g.value}`} data-testid={`grade-${g.value}`}>
                    <span className="fq-grade-dot" style={{ background: g.color }} />
                    {g.label}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item name="replyDueAt" label={t('act.replyDueAt')} rules={required(t('act.replyDueAt.required'))}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isBefore(dayjs(), 'day')} className="fq-full-width" data-testid="supervise-due" />
            </Form.Item>
            <Form.Item name="note" label={t('act.supervise.note')}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="action-note" />
            </Form.Item>
          </>
        )}
        {action === 'reply_supervision' && supOrder && (
          <Alert
            type={supOrder.grade === 'red' ? 'error' : supOrder.grade === 'yellow' ? 'warning' : 'info'}
            showIcon
            icon={<FlagFilled />}
            className="fq-gap-bottom"
            title={`${t('sup.order')}${supOrder.replyDueAt ? ` · ${t('act.replyDueAt')} ${formatTime(supOrder.replyDueAt)}` : ''}`}
            description={supOrder.note ?? undefined}
            data-testid="supervision-order"
          />
        )}
        {NOTE.includes(action) && (
          <Form.Item
            name="note"
            label={action === 'reply_supervision' ? t('act.reply') : action === 'report_in' ? t('act.reportIn.note') : t('act.urge.note')}
            rules={NOTE_REQUIRED.includes(action) ? [{ required: true, whitespace: true, message: t('act.reply.required') }] : undefined}
          >
            <Input.TextArea rows={4} maxLength={2000} data-testid="action-note" />
          </Form.Item>
        )}
        {action === 'request_extension' && (
          <>
            <Form.Item name="days" label={t('act.days')} extra={t('act.days.hint', { max: c.category === 'petition' || c.channel === 'petition' ? 30 : 60 })} rules={required(t('act.days.required'))}>
              <InputNumber min={1} max={c.category === 'petition' || c.channel === 'petition' ? 30 : 60} precision={0} suffix={t('act.days.unit')} className="fq-full-width" data-testid="extension-days" />
            </Form.Item>
            <Form.Item name="reason" label={t('act.extension.reason')} rules={[{ required: true, whitespace: true, message: t('act.reason.required') }]}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="action-reason" />
            </Form.Item>
          </>
        )}
        {action === 'decide_extension' && (
          <>
            <Form.Item name="approve" label={t('act.approve')} rules={required(t('act.approve.required'))}>
              <Radio.Group data-testid="extension-approve">
                <Radio value={true}>{t('act.approve.yes')}</Radio>
                <Radio value={false}>{t('act.approve.no')}</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item name="note" label={t('act.note')}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="action-note" />
            </Form.Item>
          </>
        )}
        {action === 'whistle' && (
          <>
            <Form.Item name="unitIds" label={t('act.whistle.units')} rules={required(t('act.whistle.units.required'))}>
              <Select
                mode="multiple"
                loading={!depts}
                showSearch={{ optionFilterProp: 'label' }}
                options={(depts ?? []).map((u) => ({ value: u.id, label: u.name }))}
                data-testid="whistle-units"
              />
            </Form.Item>
            <Form.Item name="reason" label={t('act.whistle.reason')} rules={[{ required: true, whitespace: true, message: t('act.reason.required') }]}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="action-reason" />
            </Form.Item>
            <Form.Item name="dueAt" label={t('act.whistle.dueAt')} rules={required(t('act.replyDueAt.required'))}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isBefore(dayjs(), 'day')} className="fq-full-width" data-testid="whistle-due" />
            </Form.Item>
          </>
        )}
        {!SPECIFIC.includes(action) && (
          <Form.Item name="note" label={t('act.note')}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="action-note" />
          </Form.Item>
        )}
        {['file', 'start', 'archive'].includes(action) && <Typography.Paragraph>{t('act.confirm', { action: name })}</Typography.Paragraph>}
      </Form>
    </Modal>
  );
}
