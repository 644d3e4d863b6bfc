// Excel import of a register: template download, upload (.xlsx), progress by polling the job, the row-level
// report; nothing is written unless the whole file is valid — or the user chooses "import valid rows".
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Flex, Progress, Select, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { api, errorMessage, get } from '../../api';
import { useI18n } from '../../i18n';

interface Job {
  id: number;
  status: 'queued' | 'validating' | 'invalid' | 'loading' | 'done' | 'failed';
  percent: number;
  totalRows: number;
  validRows: number;
  errorRows: number;
  insertedRows: number;
  message: string | null;
  errors: { row: number; column: string; message: string }[];
  finished: boolean;
}
const STATUS_COLOR: Record<Job['status'], string> = { queued: 'blue', validating: 'processing', loading: 'processing', invalid: 'red', done: 'green', failed: 'red' };

export default function ImportsPage() {
  const { t } = useI18n();
  const [registers, setRegisters] = useState<{ register: string; name: string }[]>([]);
  const [register, setRegister] = useState('people');
  const [file, setFile] = useState<File | null>(null);
  const [validOnly, setValidOnly] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    get<{ register: string; name: string }[]>('/api/imports/registers').then(setRegisters, (e) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    if (!job || job.finished) return;
    const timer = setTimeout(() => get<Job>(`/api/imports/jobs/${job.id}`).then(setJob, (e) => setError(errorMessage(e))), 700);
    return () => clearTimeout(timer);
  }, [job]);

  async function start() {
    if (!file) return;
    setError(null);
    const form = new FormData();
    form.append('file', file);
    try {
      const r = await api<{ id: number }>(`/api/imports/${register}${validOnly ? '?validOnly=true' : ''}`, { method: 'POST', body: form });
      setJob(await get<Job>(`/api/imports/jobs/${r.id}`));
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  async function commitValid() {
    if (!job) return;
    try {
      setJob(await api<Job>(`/api/imports/jobs/${job.id}/commit`, { method: 'POST' }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const fileList: UploadFile[] = file ? [{ uid: '1', name: file.name, size: file.size, status: 'done' }] : [];
  return (
    <Card
      className="fq-import"
      title={t('imports.title')}
      extra={<Button icon={<DownloadOutlined />} type="link" href={`/api/imports/${register}/template.xlsx`}>{t('imports.template')}</Button>}
    >
      <Flex vertical gap={12}>
        <Select value={register} onChange={setRegister} options={registers.map((r) => ({ value: r.register, label: r.name }))} className="fq-import-register" aria-label={t('imports.register')} />
        <Typography.Paragraph type="secondary">{t('imports.hint')}</Typography.Paragraph>
        <Upload.Dragger accept=".xlsx" maxCount={1} fileList={fileList} beforeUpload={(f) => { setFile(f); setJob(null); return false; }} onRemove={() => setFile(null)}>
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-text">{t('imports.choose')}</p>
        </Upload.Dragger>
        <Checkbox checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)}>{t('imports.validOnly')}</Checkbox>
        <Button type="primary" icon={<CloudUploadOutlined />} disabled={!file || (job !== null && !job.finished)} onClick={() => void start()} data-testid="imports-submit">{t('imports.submit')}</Button>
        {error && <Alert type="error" showIcon title={error} />}
        {job && (
          <div data-testid="imports-job">
            <Flex gap={8} align="center" wrap>
              <Tag color={STATUS_COLOR[job.status]}>{t(`imports.status.${job.status}`)}</Tag>
              <Typography.Text>{t('imports.counts', { total: job.totalRows.toLocaleString(), valid: job.validRows.toLocaleString(), errors: job.errorRows.toLocaleString(), inserted: job.insertedRows.toLocaleString() })}</Typography.Text>
            </Flex>
            <Progress percent={job.percent} status={job.status === 'failed' || job.status === 'invalid' ? 'exception' : job.finished ? 'success' : 'active'} />
            {job.message && <Typography.Paragraph type={job.status === 'done' ? undefined : 'danger'}>{job.message}</Typography.Paragraph>}
            {job.status === 'invalid' && job.validRows > 0 && (
              <Button onClick={() => void commitValid()} data-testid="imports-commit-valid">{t('imports.commitValid', { n: job.validRows.toLocaleString() })}</Button>
            )}
            {job.errors.length > 0 && (
              <Table
                size="small"
                className="fq-gap"
                rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
                dataSource={job.errors}
                pagination={job.errors.length > 20 ? { pageSize: 20 } : false}
                columns={[
                  { title: t('imports.row'), dataIndex: 'row', width: 80 },
                  { title: t('imports.column'), dataIndex: 'column', width: 120 },
                  { title: t('imports.message'), dataIndex: 'message' },
                ]}
              />
            )}
          </div>
        )}
      </Flex>
    </Card>
  );
}
