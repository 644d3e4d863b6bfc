import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useSession } from '../features/auth/session';
import { useI18n } from '../i18n';
import { PageLoading } from './PageLoading';

/** Sends visitors without a session to /login (and back afterwards); optionally checks a permission. */
export function RequireAuth({ children, permission }: { children: ReactNode; permission?: string }) {
  const { user, can } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  if (user === undefined) return <PageLoading />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (permission && !can(permission))
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('common.forbidden')}
        extra={
          <Link to="/regions">
            <Button type="primary">{t('common.back')}</Button>
          </Link>
        }
      />
    );
  return <>{children}</>;
}
