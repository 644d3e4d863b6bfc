// One node: where it sits (breadcrumbs), what it is, its code history, and its successor when retired.
import { Alert, Breadcrumb, Descriptions, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { RegionDetails as Details } from './api';
import { formatTime, useI18n } from '../../i18n';
import { useSession } from '../auth/session';
import { levelName } from './levels';

interface Props {
  region: Details;
  onSelect: (code: string) => void;
  actions?: ReactNode;
}

export function RegionDetails({ region: r, onSelect, actions }: Props) {
  const { t, lang } = useI18n();
  const { meta } = useSession();
  const link = (code: string, name: string) => (
    <a
      href={`/regions?code=${code}`}
      onClick={(e) => {
        e.preventDefault();
        onSelect(code);
      }}
    >
      {name}
    </a>
  );
  const retired = r.status !== 'active';

  return (
    <div className="fq-details" data-testid="region-details">
      <Breadcrumb
        className="fq-breadcrumb"
        items={[...r.ancestors.map((a) => ({ key: a.code, title: link(a.code, a.name) })), { key: r.code, title: r.name }]}
      />
      <div className="fq-details-head">
        <Typography.Title level={4} className="fq-details-title">
          {r.name}
        </Typography.Title>
        <Tag color="geekblue">{levelName(r.level, lang, meta?.levels)}</Tag>
        <Tag color={retired ? 'default' : 'green'}>{retired ? t('regions.status.retired') : t('regions.status.active')}</Tag>
      </div>
      {actions && <div className="fq-details-actions">{actions}</div>}
      {r.resolvedFrom && <Alert className="fq-gap" type="info" showIcon title={t('regions.resolvedFrom', { old: r.resolvedFrom, code: r.code })} />}
      {retired && (
        <Alert
          className="fq-gap"
          type="warning"
          showIcon
          title={
            <span>
              {t('regions.status.retired')} {formatTime(r.retiredAt)}
              {r.successor && (
                <>
                  {' · '}
                  {t('regions.successor')}: {link(r.successor.code, `${r.successor.name} (${r.successor.code})`)}
                </>
              )}
            </span>
          }
        />
      )}
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, xl: 3 }} className="fq-gap">
        <Descriptions.Item label={t('regions.code')}>
          <Typography.Text copyable>{r.code}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('regions.level')}>{levelName(r.level, lang, meta?.levels)}</Descriptions.Item>
        <Descriptions.Item label={t('regions.children')}>{r.childCount.toLocaleString()}</Descriptions.Item>
        {r.successor && <Descriptions.Item label={t('regions.successor')}>{link(r.successor.code, `${r.successor.name} (${r.successor.code})`)}</Descriptions.Item>}
        <Descriptions.Item label={t('regions.createdAt')}>{formatTime(r.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('regions.updatedAt')}>{formatTime(r.updatedAt)}</Descriptions.Item>
        {r.retiredAt && <Descriptions.Item label={t('regions.retiredAt')}>{formatTime(r.retiredAt)}</Descriptions.Item>}
        <Descriptions.Item label={t('regions.version')}>{r.version}</Descriptions.Item>
      </Descriptions>
      {r.codeHistory.length > 0 && (
        <>
          <Typography.Title level={5} className="fq-gap">
            {t('regions.history')}
          </Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey={(h) => `${h.code}-${h.changedAt}`}
            dataSource={r.codeHistory}
            scroll={{ x: true }}
            columns={[
              { title: t('regions.history.code'), dataIndex: 'code' },
              { title: t('regions.history.replacedBy'), dataIndex: 'replacedBy' },
              { title: t('regions.history.changedAt'), dataIndex: 'changedAt', render: (v: string) => formatTime(v) },
              { title: t('regions.history.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '' },
            ]}
          />
        </>
      )}
    </div>
  );
}
