// Import a region/grid tree from .xlsx or .geojson. The server checks the whole file first: on any
// problem it answers 422 with a row-level report and writes nothing.
import { useState } from 'react';
import { Alert, Button, Card, Result, Table, Typography, Upload, type UploadFile } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../auth/session';
import { LEVEL_ORDER, regionsApi, type ImportResult, type ImportRowError } from './api';
import { levelName } from './levels';

type Outcome =
  | { kind: 'ok'; result: ImportResult }
  | { kind: 'rows'; message: string; errors: ImportRowError[] }
  | { kind: 'error'; message: string };

export default function ImportPage() {
  const { t, lang } = useI18n();
  const { meta } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ kind: 'ok', result: await regionsApi.import(file) });
    } catch (e) {
      const rows = e instanceof ApiError ? (e.details as { errors?: ImportRowError[] } | undefined)?.errors : undefined;
      if (e instanceof ApiError && e.status === 422 && Array.isArray(rows)) setOutcome({ kind: 'rows', message: e.message, errors: rows });
      else setOutcome({ kind: 'error', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const fileList: UploadFile[] = file ? [{ uid: '1', name: file.name, size: file.size, status: 'done' }] : [];

  return (
    <Card
      className="fq-import"
      title={t('import.title')}
      extra={
        <Button icon={<DownloadOutlined />} href="/api/regions/import/template.xlsx" download="regions-template.xlsx" type="link">
          {t('import.template')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('import.hint')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,.geojson,.json"
        maxCount={1}
        fileList={fileList}
        beforeUpload={(f) => {
          setFile(f);
          setOutcome(null);
          return false;
        }}
        onRemove={() => {
          setFile(null);
          setOutcome(null);
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.choose')}</p>
        <p className="ant-upload-hint">.xlsx / .geojson</p>
      </Upload.Dragger>
      <Button type="primary" icon={<CloudUploadOutlined />} disabled={!file} loading={busy} onClick={submit} className="fq-gap" data-testid="import-submit">
        {t('import.submit')}
      </Button>

      {outcome?.kind === 'ok' && (
        <div data-testid="import-result">
          <Result status="success" title={t('import.ok', { n: outcome.result.created.toLocaleString() })} />
          <Table
            size="small"
            pagination={false}
            rowKey="level"
            className="fq-import-levels"
            dataSource={LEVEL_ORDER.filter((l) => outcome.result.byLevel[l]).map((l) => ({ level: l, count: outcome.result.byLevel[l] }))}
            columns={[
              { title: t('regions.level'), dataIndex: 'level', render: (l: string) => levelName(l, lang, meta?.levels) },
              { title: t('import.count'), dataIndex: 'count', align: 'right', render: (n: number) => n.toLocaleString() },
            ]}
          />
        </div>
      )}
      {outcome?.kind === 'rows' && (
        <div className="fq-gap" data-testid="import-errors">
          <Alert type="error" showIcon title={t('import.failed')} description={outcome.message} className="fq-gap-bottom" />
          <Table
            size="small"
            rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
            dataSource={outcome.errors}
            pagination={outcome.errors.length > 20 ? { pageSize: 20 } : false}
            scroll={{ x: true }}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 80 },
              { title: t('import.column'), dataIndex: 'column', width: 140 },
              { title: t('import.message'), dataIndex: 'message' },
            ]}
          />
        </div>
      )}
      {outcome?.kind === 'error' && <Alert className="fq-gap" type="error" showIcon title={outcome.message} />}
    </Card>
  );
}
