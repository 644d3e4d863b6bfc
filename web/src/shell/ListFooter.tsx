// Below a keyset-paged table: how many rows are shown and the "load more" button.
import { Button, Typography } from 'antd';
import { useI18n } from '../i18n';

export function ListFooter({ count, hasMore, loading, onMore }: { count: number; hasMore: boolean; loading: boolean; onMore: () => void }) {
  const { t } = useI18n();
  return (
    <div className="fq-list-footer">
      <Typography.Text type="secondary">{t('common.shown', { n: count.toLocaleString() })}</Typography.Text>
      {hasMore ? (
        <Button onClick={onMore} loading={loading} data-testid="load-more">
          {t('common.loadMore')}
        </Button>
      ) : (
        count > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
      )}
    </div>
  );
}
