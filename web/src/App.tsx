// Providers and routes. Pages load lazily: the login page does not pull the map (Leaflet) along.
import { lazy, Suspense, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { I18nProvider, useI18n } from './i18n';
import { SessionProvider, useSession } from './features/auth/session';
import { homePath } from './shell/home';
import { RequireAuth } from './shell/RequireAuth';
import { PageLoading } from './shell/PageLoading';

const LoginPage = lazy(() => import('./features/auth/LoginPage'));
const AppLayout = lazy(() => import('./shell/AppLayout'));
const RegionsPage = lazy(() => import('./features/regions/RegionsPage'));
const ImportPage = lazy(() => import('./features/regions/ImportPage'));
const NotFound = lazy(() => import('./shell/NotFound'));
const MobileApp = lazy(() => import('./features/mobile/MobileApp'));
const ImportsPage = lazy(() => import('./features/imports/ImportsPage'));
const PatrolDailyPage = lazy(() => import('./features/patrol/DailyPage'));
const ChecklistsPage = lazy(() => import('./features/patrol/ChecklistsPage'));
const PeoplePage = lazy(() => import('./features/people/PeoplePage'));
const KeypersonsPage = lazy(() => import('./features/keypersons/KeypersonsPage'));
const RegistersPage = lazy(() => import('./features/addresses/RegistersPage'));
const UsersPage = lazy(() => import('./features/users/UsersPage'));
const SecurityPage = lazy(() => import('./features/security/SecurityPage'));
const AuditPage = lazy(() => import('./features/audit/AuditPage'));
const AccountPage = lazy(() => import('./features/account/AccountPage'));
const WorkbenchPage = lazy(() => import('./features/cases/WorkbenchPage'));
const CasesPage = lazy(() => import('./features/cases/CasesPage'));
const CaseDetailPage = lazy(() => import('./features/cases/CaseDetailPage'));
const IntakePage = lazy(() => import('./features/cases/IntakePage'));
const ReportPage = lazy(() => import('./features/public/ReportPage'));
const TrackPage = lazy(() => import('./features/public/TrackPage'));
const RatePage = lazy(() => import('./features/public/RatePage'));
const CalendarPage = lazy(() => import('./features/deadlines/CalendarPage'));
const DashboardPage = lazy(() => import('./features/dashboard/DashboardPage'));
const WarningsPage = lazy(() => import('./features/warnings/WarningsPage'));
const WarningRulesPage = lazy(() => import('./features/warnings/WarningRulesPage'));
const EvaluationPage = lazy(() => import('./features/evaluation/EvaluationPage'));
const EvaluationWeightsPage = lazy(() => import('./features/evaluation/WeightsPage'));
const SupervisionBoardPage = lazy(() => import('./features/supervision/SupervisionBoardPage'));
const SmsOutboxPage = lazy(() => import('./features/supervision/SmsOutboxPage'));
const StatsPage = lazy(() => import('./features/stats/StatsPage'));

/** "/" opens the first page the active role may use (the region tree for most). */
function Home() {
  const { can } = useSession();
  return <Navigate to={homePath(can)} replace />;
}

const guarded = (permission: string | string[], page: ReactNode) => <RequireAuth permission={permission}>{page}</RequireAuth>;

function Themed() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Suspense fallback={<PageLoading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/report" element={<ReportPage />} />
                <Route path="/track" element={<TrackPage />} />
                <Route path="/rate" element={<RatePage />} />
                <Route path="/m" element={<MobileApp />} />
                <Route path="/dashboard" element={guarded('stats.view', <DashboardPage />)} />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route path="/" element={<Home />} />
                  <Route path="/cases/workbench" element={guarded('case.read', <WorkbenchPage />)} />
                  <Route path="/cases" element={guarded('case.read', <CasesPage />)} />
                  <Route path="/cases/new" element={guarded('case.create', <IntakePage />)} />
                  <Route path="/cases/:id" element={guarded('case.read', <CaseDetailPage />)} />
                  <Route path="/stats" element={guarded('stats.view', <StatsPage />)} />
                  <Route path="/supervision" element={guarded('supervision.board', <SupervisionBoardPage />)} />
                  <Route path="/system/sms" element={guarded('sms.read', <SmsOutboxPage />)} />
                  <Route path="/regions" element={guarded('region.read', <RegionsPage />)} />
                  <Route path="/regions/import" element={guarded('region.manage', <ImportPage />)} />
                  <Route path="/people" element={guarded('person.read', <PeoplePage />)} />
                  <Route path="/imports" element={guarded('import.run', <ImportsPage />)} />
                  <Route path="/patrols/daily" element={guarded('patrol.supervise', <PatrolDailyPage />)} />
                  <Route path="/patrols/checklists" element={guarded('patrol.checklist.manage', <ChecklistsPage />)} />
                  <Route path="/keypersons" element={guarded('keyperson.read', <KeypersonsPage />)} />
                  <Route path="/registers" element={guarded('register.read', <RegistersPage />)} />
                  <Route path="/system/users" element={guarded(['user.manage', 'role.grant_admin'], <UsersPage />)} />
                  <Route path="/system/policy" element={guarded('policy.manage', <SecurityPage />)} />
                  <Route path="/system/calendar" element={guarded('region.manage', <CalendarPage />)} />
                  <Route path="/warnings" element={guarded('warning.read', <WarningsPage />)} />
                  <Route path="/system/warning-rules" element={guarded('warning.configure', <WarningRulesPage />)} />
                  <Route path="/evaluation" element={guarded('evaluation.read', <EvaluationPage />)} />
                  <Route path="/system/evaluation-weights" element={guarded('evaluation.configure', <EvaluationWeightsPage />)} />
                  <Route path="/system/audit" element={guarded('audit.read', <AuditPage />)} />
                  <Route path="/account" element={guarded('auth.self', <AccountPage />)} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export default function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
