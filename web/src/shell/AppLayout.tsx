// Staff console frame: module menu on the left (a drawer on phones), user and role at the top.
import { Suspense, useState, type ReactNode } from 'react';
import { Alert, Button, Drawer, Layout, Menu, Tag, Typography, type MenuProps } from 'antd';
import {
  AlertOutlined, HomeOutlined, SolutionOutlined, FundProjectionScreenOutlined, BarChartOutlined, ApartmentOutlined, AuditOutlined, FlagOutlined, MessageOutlined, CalendarOutlined, DashboardOutlined, FileAddOutlined, UnorderedListOutlined, CloudUploadOutlined, IdcardOutlined, LogoutOutlined, MenuOutlined, SafetyCertificateOutlined, TeamOutlined,
  TrophyOutlined,
  UserOutlined, UsergroupAddOutlined, ScheduleOutlined, CheckSquareOutlined, MobileOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession, useUser } from '../features/auth/session';
import { FIELD_ROLES } from '../features/cases/codes';
import { useI18n } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { PageLoading } from './PageLoading';
import { useIsMobile } from './useIsMobile';
import { RoleSwitcher } from './RoleSwitcher';
import { InboxBell } from '../features/inbox/InboxBell';
import { WarningBadge } from '../features/warnings/WarningBadge';
import { ChangePassword } from '../features/auth/ChangePassword';
import { TotpCard } from '../features/account/TotpCard';
import './pages.css';

const { Header, Sider, Content } = Layout;

export default function AppLayout() {
  const { t } = useI18n();
  const { can, logout } = useSession();
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const mobile = useIsMobile();
  const [drawerOpen, setDrawerOpen] = useState(false);

  // entries only for pages that exist and whose API the active role may call; empty groups disappear
  const entry = (show: boolean, key: string, icon: ReactNode, label: string) => (show ? [{ key, icon, label }] : []);
  const groups = [
    {
      key: 'cases',
      label: t('menu.group.cases'),
      children: [
        ...entry(can('case.read'), '/cases/workbench', <DashboardOutlined />, t('menu.workbench')),
        ...entry(can('case.read'), '/cases', <UnorderedListOutlined />, t('menu.cases')),
        ...entry(can('case.create'), '/cases/new', <FileAddOutlined />, t(FIELD_ROLES.includes(user.role) ? 'menu.report' : 'menu.intake')),
        ...entry(can('warning.read'), '/warnings', <AlertOutlined />, t('menu.warnings')),
        ...entry(can('stats.view'), '/dashboard', <FundProjectionScreenOutlined />, t('menu.dashboard')),
        ...entry(can('stats.view'), '/stats', <BarChartOutlined />, t('menu.stats')),
        ...entry(can('evaluation.read'), '/evaluation', <TrophyOutlined />, t('menu.evaluation')),
        ...entry(can('supervision.board'), '/supervision', <FlagOutlined />, t('menu.board')),
      ],
    },
    {
      key: 'regions',
      label: t('menu.group.regions'),
      children: [
        ...entry(can('region.read'), '/regions', <ApartmentOutlined />, t('menu.regions')),
        ...entry(can('region.manage'), '/regions/import', <CloudUploadOutlined />, t('menu.import')),
      ],
    },
    {
      key: 'people',
      label: t('menu.group.people'),
      children: [
        ...entry(can('person.read'), '/people', <TeamOutlined />, t('menu.people')),
        ...entry(can('register.read'), '/registers', <HomeOutlined />, t('menu.registers')),
        ...entry(can('keyperson.read'), '/keypersons', <SolutionOutlined />, t('menu.keypersons')),
      ],
    },
    {
      key: 'patrol',
      label: t('patrol.menu.group'),
      children: [
        ...entry(can('patrol.supervise'), '/patrols/daily', <ScheduleOutlined />, t('patrol.menu.daily')),
        ...entry(can('patrol.checklist.manage'), '/patrols/checklists', <CheckSquareOutlined />, t('patrol.menu.checklists')),
        ...entry(can('patrol.log'), '/m', <MobileOutlined />, t('patrol.menu.mobile')),
        ...entry(can('import.run'), '/imports', <CloudUploadOutlined />, t('patrol.menu.imports')),
      ],
    },
    {
      key: 'system',
      label: t('menu.group.system'),
      children: [
        ...entry(can('user.manage') || can('role.grant_admin'), '/system/users', <UsergroupAddOutlined />, t('menu.users')),
        ...entry(can('policy.manage'), '/system/policy', <SafetyCertificateOutlined />, t('menu.policy')),
        ...entry(can('region.manage'), '/system/calendar', <CalendarOutlined />, t('menu.calendar')),
        ...entry(can('warning.configure'), '/system/warning-rules', <AlertOutlined />, t('menu.warningRules')),
        ...entry(can('evaluation.configure'), '/system/evaluation-weights', <TrophyOutlined />, t('menu.evaluationWeights')),
        ...entry(can('audit.read'), '/system/audit', <AuditOutlined />, t('menu.audit')),
        ...entry(can('sms.read'), '/system/sms', <MessageOutlined />, t('menu.sms')),
      ],
    },
  ];
  const items: MenuProps['items'] = groups.filter((g) => g.children.length > 0).map((g) => ({ type: 'group' as const, ...g }));
  const keys = groups.flatMap((g) => g.children.map((c) => c.key));
  const selected = keys.filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0];
  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
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
        <div className="fq-brand" onClick={() => navigate('/')}>
          <span className="fq-logo">枫</span>
          <span className="fq-brand-name">{t('app.name')}</span>
          {!mobile && <span className="fq-brand-sub">{t('app.title')}</span>}
        </div>
        <div className="fq-header-right">
          {can('warning.read') && <WarningBadge />}
          <InboxBell compact={mobile} />
          <span className="fq-user" data-testid="current-user">
            <UserOutlined />
            {!mobile && <Typography.Text className="fq-user-name">{user.displayName}</Typography.Text>}
            <RoleSwitcher />
          </span>
          <Button
            type={location.pathname === '/account' ? 'link' : 'text'}
            icon={<IdcardOutlined />}
            onClick={() => navigate('/account')}
            aria-label={t('menu.account')}
            data-testid="account-link"
          >
            {mobile ? null : t('menu.account')}
          </Button>
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
            <>
              <Alert type="warning" showIcon title={t('totp.required')} className="fq-gap-bottom" />
              <TotpCard />
            </>
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
