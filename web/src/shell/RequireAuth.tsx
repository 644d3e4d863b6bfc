import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useSession } from '../features/auth/session';
import { useI18n } from '../i18n';
import { PageLoading } from './PageLoading';

/** Sends visitors without a session to /login (and back afterwards); optionally checks a permission (any of a list). */
export function RequireAuth({ children, permission }: { children: ReactNode; permission?: string | string[] }) {
  const { user, can } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  if (user === undefined) return <PageLoading />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (permission && !(Array.isArray(permission) ? permission.some(can) : can(permission)))
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('common.forbidden')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.back')}</Button>
          </Link>
        }
      />
    );
  return <>{children}</>;
}
