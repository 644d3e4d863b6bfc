// 系统 › 安全策略 (sec_admin, policy.manage): what each role may do, and the password/session policy.
import { useEffect, useState } from 'react';
import { Alert, Card, Spin, Typography } from 'antd';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { RoleMatrix } from './RoleMatrix';
import { PolicyForm } from './PolicyForm';
import { securityApi, type RoleMatrix as Matrix } from './api';
import './security.css';

export default function SecurityPage() {
  const { t } = useI18n();
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    securityApi.roles().then(setMatrix, (e) => setError(errorMessage(e)));
  }, []);

  return (
    <div className="fq-stack">
      <Card title={t('security.matrix')} className="fq-page-card" size="small">
        <Typography.Paragraph type="secondary" className="fq-card-hint">
          {t('security.matrix.hint')}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} />}
        {!matrix && !error && <Spin />}
        {matrix && <RoleMatrix matrix={matrix} />}
      </Card>
      <Card title={t('security.policy')} className="fq-page-card" size="small">
        <PolicyForm />
      </Card>
    </div>
  );
}
