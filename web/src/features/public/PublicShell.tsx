// The frame of the citizens' pages: a plain header, large text, no menu; links between the three pages.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import './public.css';

export function PublicShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="fq-pub">
      <header className="fq-pub-head">
        <span className="fq-logo">枫</span>
        <span className="fq-pub-brand">{t('app.name')}</span>
        <h1 className="fq-pub-title">{title}</h1>
      </header>
      <main className="fq-pub-main">{children}</main>
      <nav className="fq-pub-nav">
        <Link to="/report">{t('pub.report')}</Link>
        <Link to="/track">{t('pub.track')}</Link>
        <Link to="/rate">{t('pub.rate')}</Link>
      </nav>
    </div>
  );
}
