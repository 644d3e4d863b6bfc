// 拍照: the camera (or the gallery) adds one or more photos; each shows as a thumbnail with its name and a
// large 删除 button. The photos stay File objects until the form is saved into the outbox (IndexedDB).
import { useEffect, useMemo } from 'react';
import { Button, Flex, Typography } from 'antd';
import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';

export const MAX_PHOTOS = 9;

export function PhotoPicker({ photos, onChange, testId }: { photos: File[]; onChange: (p: File[]) => void; testId: string }) {
  const { t } = useI18n();
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p)), [photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  return (
    <Flex vertical gap={8}>
      {photos.map((p, i) => (
        <Flex key={`${p.name}-${i}`} align="center" gap={10} className="fq-m-thumb" data-testid={`${testId}-item`}>
          <img src={urls[i]} alt={p.name} />
          <Typography.Text ellipsis style={{ flex: 1 }}>{p.name}</Typography.Text>
          <Button size="large" danger icon={<DeleteOutlined />} aria-label={`${t('mobile.photo.remove')} ${p.name}`} onClick={() => onChange(photos.filter((_, j) => j !== i))}>
            {t('mobile.photo.remove')}
          </Button>
        </Flex>
      ))}
      {photos.length < MAX_PHOTOS && (
        <label className="fq-m-photo">
          <CameraOutlined /> {photos.length ? t('mobile.photo.more', { n: photos.length }) : t('mobile.photo')}
          <input
            type="file" accept="image/*" capture="environment" multiple hidden data-testid={testId}
            onChange={(e) => {
              const added = Array.from(e.target.files ?? []);
              e.target.value = ''; // the same photo may be picked again after a removal
              if (added.length) onChange([...photos, ...added].slice(0, MAX_PHOTOS));
            }}
          />
        </label>
      )}
    </Flex>
  );
}
