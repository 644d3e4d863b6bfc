// The open-warnings count in the top bar for leaders and towns (polled every 60 s); click to open the list.
import { useEffect, useState } from 'react';
import { Badge, Button, Tooltip } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { warningsApi } from './api';

export function WarningBadge() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [n, setN] = useState({ open: 0, red: 0 });
  useEffect(() => {
    const load = () => warningsApi.count().then(setN, () => {});
    load();
    const id = window.setInterval(() => document.visibilityState === 'visible' && load(), 60_000);
    return () => window.clearInterval(id);
  }, []);
  return (
    <Tooltip title={t('warn.badge')}>
      <Badge count={n.open} color={n.red ? '#f5222d' : '#faad14'} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<AlertOutlined />} onClick={() => navigate('/warnings')} aria-label={t('warn.badge')} data-testid="warning-badge" />
      </Badge>
    </Tooltip>
  );
}
