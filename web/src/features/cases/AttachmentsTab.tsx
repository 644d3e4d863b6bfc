// 附件: the case's files with download links, and an upload (multipart "file").
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Empty, Spin, Typography, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api';
import { formatTime, useI18n } from '../../i18n';
import { attachmentUrl, casesApi, type Attachment } from './api';

export function AttachmentsTab({ caseId, canUpload }: { caseId: number; canUpload: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => casesApi.attachments(caseId).then(setItems, (e) => setError(errorMessage(e))), [caseId]);
  useEffect(() => {
    load();
  }, [load]);

  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      await casesApi.upload(caseId, file);
      message.success(`${t('cases.files.uploaded')}: ${file.name}`);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      {error && <Alert type="error" showIcon title={error} className="fq-gap-bottom" />}
      {canUpload && (
        <div className="fq-gap-bottom">
          <Upload
            showUploadList={false}
            accept=".jpg,.jpeg,.png,.webp,.pdf,.docx,.xlsx"
            beforeUpload={(f) => {
              upload(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy} data-testid="upload-attachment">
              {t('cases.files.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary" className="fq-upload-hint">
            {t('cases.files.hint')}
          </Typography.Text>
        </div>
      )}
      {items === null && !error && <Spin />}
      {items?.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      <ul className="fq-files" data-testid="attachments">
        {(items ?? []).map((a) => (
          <li key={a.id}>
            <PaperClipOutlined />
            <a href={attachmentUrl(caseId, a.id)} target="_blank" rel="noreferrer">
              {a.filename}
            </a>
            <Typography.Text type="secondary">
              {a.uploadedByName} · {formatTime(a.createdAt)} · {t('size.kb', { n: Math.max(1, Math.round(a.size / 1024)).toLocaleString() })}
            </Typography.Text>
          </li>
        ))}
      </ul>
    </div>
  );
}
