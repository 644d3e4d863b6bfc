// 系统 › 账号管理: the accounts homed in the administrator's region (sys_admin: user.manage; sec_admin:
// role.grant_admin). Filters above, keyset paging below, a row opens the account's drawer.
import { useCallback, useState } from 'react';
import { Alert, Button, Card, Input, Select, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { roleName } from '../auth/roles';
import { RegionSelect } from '../regions/RegionSelect';
import { useKeyset } from '../../shell/useKeyset';
import { ListFooter } from '../../shell/ListFooter';
import { CreateUserDialog } from './CreateUserDialog';
import { UserDrawer } from './UserDrawer';
import { StatusTags } from './StatusTags';
import { usersApi, type UserDetail, type UserFilter, type UserRow } from './api';
import './users.css';

export default function UsersPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const user = useUser();
  const [filter, setFilter] = useState<UserFilter>({});
  const [keyword, setKeyword] = useState('');
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);

  const load = useCallback((cursor: number | undefined, signal: AbortSignal) => usersApi.list(filter, cursor, signal), [filter]);
  const list = useKeyset(load, JSON.stringify(filter));

  const onChanged = (u: UserDetail) =>
    list.update(
      (r) => r.id === u.id,
      (r) => ({ ...r, displayName: u.displayName, status: u.status, roles: u.assignments.map((a) => a.role) }),
    );

  const columns = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      render: (v: string) => <a className="fq-mono">{v}</a>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    { title: t('users.homeRegion'), dataIndex: 'homeRegionName', responsive: ['md' as const] },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (roles: string[]) => (roles.length ? roles.map((r) => <Tag key={r} color="blue">{roleName(r, lang)}</Tag>) : <Tag>{t('users.roles.none')}</Tag>),
    },
    { title: t('users.status'), key: 'status', render: (_: unknown, r: UserRow) => <StatusTags user={r} /> },
  ];

  return (
    <Card
      title={t('menu.users')}
      className="fq-page-card"
      size="small"
      extra={
        can('user.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-user">
            {t('users.create')}
          </Button>
        )
      }
    >
      <div className="fq-filters">
        <RegionSelect
          root={user.regionCode}
          value={filter.region}
          onChange={(region) => setFilter((f) => ({ ...f, region }))}
          placeholder={t('common.allRegions')}
          className="fq-filter-region"
          data-testid="filter-region"
        />
        <Input.Search
          allowClear
          placeholder={t('users.keyword')}
          value={keyword}
          onChange={(e) => {
            setKeyword(e.target.value);
            if (!e.target.value) setFilter((f) => ({ ...f, q: undefined }));
          }}
          onSearch={(q) => setFilter((f) => ({ ...f, q: q.trim() || undefined }))}
          className="fq-filter-text"
          data-testid="filter-keyword"
        />
        <Select
          allowClear
          placeholder={t('users.status')}
          value={filter.status}
          onChange={(status) => setFilter((f) => ({ ...f, status }))}
          options={[
            { value: 'active', label: t('users.status.active') },
            { value: 'disabled', label: t('users.status.disabled') },
          ]}
          className="fq-filter-small"
        />
      </div>
      {list.error && <Alert type="error" showIcon title={list.error} className="fq-gap-bottom" />}
      <Table
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), className: 'fq-clickable' })}
        data-testid="users-table"
      />
      <ListFooter count={list.items.length} hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      {can('user.manage') && (
        <CreateUserDialog
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            list.reload();
            setOpenId(id);
          }}
        />
      )}
      <UserDrawer id={openId} onClose={() => setOpenId(null)} onChanged={onChanged} />
    </Card>
  );
}
