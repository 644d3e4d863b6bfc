// 评价 (/rate): code + last four digits, then three big buttons (满意 / 基本满意 / 不满意) and a comment.
import { useEffect, useState } from 'react';
import { Alert, Button, Input, Result } from 'antd';
import { FrownOutlined, MehOutlined, SmileOutlined } from '@ant-design/icons';
import { useLocation, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { PublicShell } from './PublicShell';
import { CodeForm, type CodeValues } from './CodeForm';
import { publicApi, type Tracked } from './api';

const CHOICES = [
  { value: 'satisfied', label: '满意', icon: <SmileOutlined />, type: 'primary' as const },
  { value: 'basically_satisfied', label: '基本满意', icon: <MehOutlined />, type: 'default' as const },
  { value: 'dissatisfied', label: '不满意', icon: <FrownOutlined />, type: 'default' as const },
];

export default function RatePage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const passed = useLocation().state as CodeValues | null;
  const [key, setKey] = useState<CodeValues | null>(passed?.code && passed.phone4 ? passed : null);
  const [c, setC] = useState<Tracked | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<'thanks' | 'already' | null>(null);

  const lookUp = async (v: CodeValues) => {
    setBusy(true);
    setError(null);
    try {
      const found = await publicApi.track(v.code, v.phone4);
      setKey(v);
      setC(found);
      if (found.satisfactionName) setOutcome('already');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const rate = async (satisfaction: string) => {
    if (!key) return;
    setBusy(true);
    setError(null);
    try {
      await publicApi.rate(key.code, key.phone4, satisfaction, comment.trim() || undefined);
      setOutcome('thanks');
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && /已评价/.test(e.message)) setOutcome('already');
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  // arriving from /track with the key: look the case up once
  useEffect(() => {
    if (passed?.code && passed.phone4) void lookUp(passed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <PublicShell title={t('pub.rate')}>
      {outcome === 'thanks' && <Result status="success" title={t('pub.rate.thanks')} data-testid="rate-thanks" />}
      {outcome === 'already' && <Result status="info" title={t('pub.rate.already')} data-testid="rate-already" />}
      {!outcome && !c && <CodeForm name="rate" initial={{ code: params.get('code') ?? key?.code ?? '' }} busy={busy} submitLabel={t('pub.track.submit')} onSubmit={lookUp} />}
      {error && <Alert type="error" showIcon title={error} className="fq-gap-bottom" data-testid="rate-error" />}
      {!outcome && c && !c.canRate && <Alert type="info" showIcon title={t('pub.rate.notYet')} description={`${t('pub.track.status')}：${c.statusName}`} />}
      {!outcome && c?.canRate && (
        <div className="fq-pub-card" data-testid="rate-form">
          <div className="fq-pub-intro">{c.title}</div>
          <div>{t('pub.rate.intro')}</div>
          {c.result && <div className="fq-pub-intro">{c.result}</div>}
          <div className="fq-pub-rate">
            {CHOICES.map((x) => (
              <Button key={x.value} type={x.type} icon={x.icon} size="large" loading={busy} onClick={() => rate(x.value)} data-testid={`rate-${x.value}`}>
                {x.label}
              </Button>
            ))}
          </div>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('pub.rate.comment')} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
      )}
    </PublicShell>
  );
}
