// 进度查询 (/track): code + last four phone digits → status and the public timeline; a rating link when due.
import { useState } from 'react';
import { Alert, Button, Timeline } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { formatTime, useI18n } from '../../i18n';
import { PublicShell } from './PublicShell';
import { CodeForm, type CodeValues } from './CodeForm';
import { publicApi, type Tracked } from './api';

export default function TrackPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<{ c: Tracked; key: CodeValues } | null>(null);

  const lookUp = async (v: CodeValues) => {
    setBusy(true);
    setError(null);
    try {
      setFound({ c: await publicApi.track(v.code, v.phone4), key: v });
    } catch (e) {
      setFound(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicShell title={t('pub.track')}>
      <CodeForm name="track" initial={{ code: params.get('code') ?? '' }} busy={busy} submitLabel={t('pub.track.submit')} onSubmit={lookUp} />
      {error && <Alert type="error" showIcon title={error} className="fq-gap-bottom" data-testid="track-error" />}
      {found && (
        <div className="fq-pub-card" data-testid="track-result">
          <div>{found.c.title}</div>
          <div>
            {t('pub.track.status')}：<span className="fq-pub-status" data-testid="track-status">{found.c.statusName}</span>
          </div>
          {found.c.officeName && (
            <div>
              {t('pub.track.office')}：{found.c.officeName}
            </div>
          )}
          {found.c.result && (
            <div>
              {t('pub.track.result')}：{found.c.result}
            </div>
          )}
          {found.c.satisfactionName && (
            <div>
              {t('pub.track.rated')}：{found.c.satisfactionName}
            </div>
          )}
          <Timeline
            className="fq-pub-timeline"
            items={[...found.c.timeline].reverse().map((s, i) => ({ key: i, content: `${formatTime(s.at)}  ${s.actionName} · ${s.statusName}` }))}
          />
          {found.c.canRate && (
            <Button type="primary" block className="fq-pub-big" onClick={() => navigate(`/rate?code=${found.key.code}`, { state: found.key })} data-testid="go-rate">
              {t('pub.track.toRate')}
            </Button>
          )}
        </div>
      )}
    </PublicShell>
  );
}
