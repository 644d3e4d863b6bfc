// 信访复查、复核 on a concluded petition: the time to request each, and each request's answer deadline.
import { Card, Descriptions, Tag } from 'antd';
import { formatTime, useI18n } from '../../i18n';
import type { PetitionClock, ReviewStep } from './api';

function StepTag({ s }: { s: ReviewStep }) {
  const { t } = useI18n();
  if (s.decidedAt) return <Tag color="green">{t('pet.decided')}</Tag>;
  return <Tag color={s.overdue ? 'red' : 'processing'}>{t(s.overdue ? 'pet.overdue' : 'pet.pending')}</Tag>;
}

export function PetitionCard({ p }: { p: PetitionClock }) {
  const { t } = useI18n();
  const window = (due: string | null, open: boolean, done: ReviewStep | null) =>
    done ? null : due ? (
      <span>
        {formatTime(due)} <Tag color={open ? 'blue' : 'default'}>{t(open ? 'pet.open' : 'pet.closedWindow')}</Tag>
      </span>
    ) : null;
  const step = (key: string, label: string, s: ReviewStep | null) =>
    s
      ? [
          {
            key,
            label,
            span: 'filled' as const,
            children: (
              <div data-testid={`petition-${key}`}>
                <StepTag s={s} /> {t('pet.requested')} {formatTime(s.requestedAt)} · {t('pet.decideDue')} {formatTime(s.decideDueAt)}
                {s.decideDueProvisional ? t('pet.provisional') : ''}
                <div className="fq-pre">{s.reason}</div>
                {s.result && <div className="fq-pre">→ {s.result}</div>}
              </div>
            ),
          },
        ]
      : [];
  const reviewWindow = window(p.reviewRequestDueAt, p.reviewRequestOpen, p.review);
  const rereviewWindow = window(p.rereviewRequestDueAt, p.rereviewRequestOpen, p.rereview);
  const items = [
    { key: 'd', label: t('pet.decidedAt'), children: formatTime(p.decidedAt) },
    ...(reviewWindow ? [{ key: 'rw', label: t('pet.reviewRequestDue'), children: reviewWindow }] : []),
    ...step('review', t('pet.review'), p.review),
    ...(rereviewWindow ? [{ key: 'rrw', label: t('pet.rereviewRequestDue'), children: rereviewWindow }] : []),
    ...step('rereview', t('pet.rereview'), p.rereview),
  ];
  return (
    <Card size="small" title={t('pet.title')} className="fq-page-card" data-testid="petition-card">
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items} />
    </Card>
  );
}
