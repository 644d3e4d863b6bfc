import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

/** 中文 ⇄ English; the choice is remembered in localStorage. */
export function LangSwitch({ compact = false }: { compact?: boolean }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button type="text" icon={<GlobalOutlined />} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} aria-label={t('lang.switch')} className="fq-lang-switch">
      {compact ? null : t('lang.switch')}
    </Button>
  );
}
