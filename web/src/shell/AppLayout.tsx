// Staff console frame: module menu on the left (a drawer on phones), user and role at the top.
import { Suspense, useState } from 'react';
import { Alert, Button, Drawer, Layout, Menu, Tag, Typography, type MenuProps } from 'antd';
import { ApartmentOutlined, CloudUploadOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession, useUser } from '../features/auth/session';
import { useI18n } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { PageLoading } from './PageLoading';
import { useIsMobile } from './useIsMobile';
import { RoleSwitcher } from './RoleSwitcher';
import { ChangePassword } from '../features/auth/ChangePassword';

const { Header, Sider, Content } = Layout;

export default function AppLayout() {
  const { t } = useI18n();
  const { can, logout } = useSession();
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const mobile = useIsMobile();
  const [drawerOpen, setDrawerOpen] = useState(false);

  const items: MenuProps['items'] = [
    {
      type: 'group',
      key: 'regions',
      label: t('menu.group.regions'),
      children: [
        { key: '/regions', icon: <ApartmentOutlined />, label: t('menu.regions') },
        ...(can('region.manage') ? [{ key: '/regions/import', icon: <CloudUploadOutlined />, label: t('menu.import') }] : []),
      ],
    },
  ];
  const selected = location.pathname.startsWith('/regions/import') ? '/regions/import' : '/regions';
  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      onClick={(e) => {
        setDrawerOpen(false);
        navigate(e.key);
      }}
      className="fq-menu"
    />
  );

  const onLogout = async () => {
    await logout();
    navigate('/login', { replace: true });
  };

  return (
    <Layout className="fq-shell">
      <Header className="fq-header">
        {mobile && (
          <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('menu.open')} data-testid="menu-button" className="fq-menu-button" />
        )}
        <div className="fq-brand" onClick={() => navigate('/regions')}>
          <span className="fq-logo">枫</span>
          <span className="fq-brand-name">{t('app.name')}</span>
          {!mobile && <span className="fq-brand-sub">{t('app.title')}</span>}
        </div>
        <div className="fq-header-right">
          <span className="fq-user" data-testid="current-user">
            <UserOutlined />
            {!mobile && <Typography.Text className="fq-user-name">{user.displayName}</Typography.Text>}
            <RoleSwitcher />
          </span>
          <LangSwitch compact={mobile} />
          <Button type="text" icon={<LogoutOutlined />} onClick={onLogout} data-testid="logout">
            {mobile ? null : t('user.logout')}
          </Button>
        </div>
      </Header>
      <Layout>
        {!mobile && (
          <Sider width={208} theme="light" className="fq-sider">
            {menu}
          </Sider>
        )}
        {mobile && (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={260}
            className="fq-menu-drawer"
            title={
              <div className="fq-drawer-user">
                <div>{user.displayName}</div>
                <Tag color="blue">{user.roleName}</Tag>
              </div>
            }
          >
            {menu}
          </Drawer>
        )}
        <Content className="fq-content">
          {user.restricted === 'password_change' ? (
            <ChangePassword />
          ) : user.restricted === 'totp_setup' ? (
            <Alert type="warning" showIcon title={t('totp.required')} />
          ) : (
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          )}
        </Content>
      </Layout>
    </Layout>
  );
}
