// Role × permission matrix: one row per role, one column per permission, a check mark where granted.
import { Table, Tag, Tooltip } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useI18n, type MessageKey } from '../../i18n';
import { useIsMobile } from '../../shell/useIsMobile';
import { isAdminRole, permissionLabel, roleName } from '../auth/roles';
import type { RoleMatrix as Matrix, RoleRow } from './api';

const SCOPE_KEYS: Record<RoleRow['scope'], MessageKey> = { region: 'security.scope.region', grids: 'security.scope.grids', unit: 'security.scope.unit' };

export function RoleMatrix({ matrix }: { matrix: Matrix }) {
  const { t, lang } = useI18n();
  const mobile = useIsMobile();
  const codes = Object.keys(matrix.permissions);
  const columns = [
    {
      title: t('security.role'),
      dataIndex: 'role',
      fixed: mobile ? undefined : ('left' as const),
      width: mobile ? 124 : 210,
      render: (r: string, row: RoleRow) => (
        <div className="fq-matrix-role">
          <span>{lang === 'en' ? roleName(r, lang) : row.name}</span>
          <Tooltip title={t('security.scope')}>
            <Tag>{t(SCOPE_KEYS[row.scope])}</Tag>
          </Tooltip>
          {isAdminRole(r) && <Tag color="purple">{t('security.adminRole')}</Tag>}
        </div>
      ),
    },
    ...codes.map((code) => ({
      title: (
        <Tooltip title={code}>
          <span className="fq-matrix-head">{permissionLabel(code, matrix.permissions[code], lang)}</span>
        </Tooltip>
      ),
      key: code,
      width: 72,
      align: 'center' as const,
      render: (_: unknown, row: RoleRow) =>
        row.permissions.includes(code) ? <CheckOutlined className="fq-check" aria-label={code} data-perm={code} /> : <span className="fq-no-check">·</span>,
    })),
  ];
  return (
    <Table
      rowKey="role"
      size="small"
      bordered
      columns={columns}
      dataSource={matrix.roles}
      pagination={false}
      scroll={{ x: 'max-content' }}
      className="fq-matrix"
      data-testid="role-matrix"
    />
  );
}
