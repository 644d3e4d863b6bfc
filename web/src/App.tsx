// Providers and routes. Pages load lazily: the login page does not pull the map (Leaflet) along.
import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { I18nProvider, useI18n } from './i18n';
import { SessionProvider } from './features/auth/session';
import { RequireAuth } from './shell/RequireAuth';
import { PageLoading } from './shell/PageLoading';

const LoginPage = lazy(() => import('./features/auth/LoginPage'));
const AppLayout = lazy(() => import('./shell/AppLayout'));
const RegionsPage = lazy(() => import('./features/regions/RegionsPage'));
const ImportPage = lazy(() => import('./features/regions/ImportPage'));
const NotFound = lazy(() => import('./shell/NotFound'));

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
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route path="/" element={<Navigate to="/regions" replace />} />
                  <Route path="/regions" element={<RegionsPage />} />
                  <Route
                    path="/regions/import"
                    element={
                      <RequireAuth permission="region.manage">
                        <ImportPage />
                      </RequireAuth>
                    }
                  />
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
