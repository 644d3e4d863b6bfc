// The hash chain's state: green when every sealed row still links, red naming the first broken row.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api';
import { formatTime, useI18n } from '../../i18n';
import { auditApi, type ChainStatus } from './api';

export function ChainCard() {
  const { t } = useI18n();
  const [status, setStatus] = useState<ChainStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await auditApi.chain());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    check();
  }, [check]);

  const ok = status?.ok;
  return (
    <Card size="small" className={`fq-chain-card ${status ? (ok ? 'fq-chain-ok' : 'fq-chain-broken') : ''}`} data-testid="chain-card">
      <div className="fq-chain">
        <div className="fq-chain-main">
          {status && (ok ? <CheckCircleFilled className="fq-chain-icon" /> : <CloseCircleFilled className="fq-chain-icon" />)}
          <div>
            <Typography.Title level={5} className="fq-chain-title" data-testid="chain-title">
              {!status ? t('audit.chain.checking') : ok ? t('audit.chain.ok') : t('audit.chain.broken')}
            </Typography.Title>
            {status && ok && (
              <Typography.Text type="secondary">
                {t('audit.chain.counts', { sealed: status.sealed.toLocaleString(), unsealed: status.unsealed.toLocaleString() })}
                {status.lastSealedAt && ` · ${t('audit.chain.last', { at: formatTime(status.lastSealedAt) })}`}
              </Typography.Text>
            )}
            {status && !ok && status.firstBroken && (
              <Typography.Text type="danger" data-testid="chain-broken">
                {t('audit.chain.firstBroken', { seq: status.firstBroken.seq, id: status.firstBroken.auditId, reason: status.firstBroken.reason })}
                {` · ${t('audit.chain.counts', { sealed: status.sealed.toLocaleString(), unsealed: status.unsealed.toLocaleString() })}`}
              </Typography.Text>
            )}
          </div>
        </div>
        <Space>
          <Button icon={<ReloadOutlined />} loading={busy} onClick={check} data-testid="chain-recheck">
            {t('audit.chain.recheck')}
          </Button>
        </Space>
      </div>
      {error && <Alert className="fq-gap" type="error" showIcon title={error} />}
    </Card>
  );
}
