// 区划网格: tree on the left, the selected node's grids on the map, its details below.
// The selection lives in the URL (/regions?code=150826100001) so it can be shared and reloaded.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, Spin, Tag } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useSession, useUser } from '../auth/session';
import { useIsMobile } from '../../shell/useIsMobile';
import { LEVEL_ORDER, regionsApi, type RegionDetails as Details, type RegionFeatures, type TreeNode } from './api';
import { RegionTree } from './RegionTree';
import { RegionDetails } from './RegionDetails';
import { RegionActions } from './RegionActions';
import { levelName } from './levels';
import { findNode } from './treeData';

const RegionMap = lazy(() => import('./RegionMap'));

type Load<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; message: string };

export default function RegionsPage() {
  const { t, lang } = useI18n();
  const { meta, can } = useSession();
  const user = useUser();
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? undefined;
  const [details, setDetails] = useState<Load<Details>>({ state: 'idle' });
  const [region, setRegion] = useState<Details>(); // the last one loaded: kept while the next loads
  const [features, setFeatures] = useState<Load<RegionFeatures>>({ state: 'idle' });
  const [fc, setFc] = useState<RegionFeatures | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [detailsKey, setDetailsKey] = useState(0);
  const [treeOpen, setTreeOpen] = useState(false);

  const select = useCallback(
    (c: string) => {
      setParams({ code: c });
      setTreeOpen(false);
    },
    [setParams],
  );

  // no code in the URL: start at the user's own region when the tree shows it, else at the top
  const onTreeLoaded = useCallback(
    (roots: TreeNode[]) => {
      if (params.get('code')) return;
      // the user may have left already (the next page still loading keeps this one mounted): stay there
      if (window.location.pathname !== '/regions') return;
      if (user.regionCode) return setParams({ code: user.regionCode }, { replace: true });
      const own = user.regionId !== null ? findNode(roots, (n) => n.id === user.regionId) : undefined;
      const first = own ?? roots[0];
      if (first) setParams({ code: first.code }, { replace: true });
    },
    [params, setParams, user.regionId, user.regionCode],
  );

  useEffect(() => {
    if (!code) return;
    const ac = new AbortController();
    setDetails({ state: 'loading' });
    regionsApi.details(code, ac.signal).then(
      (data) => {
        setDetails({ state: 'ok', data });
        setRegion(data);
      },
      (e) => {
        if (ac.signal.aborted) return;
        setDetails({ state: 'error', message: errorMessage(e) });
        setRegion(undefined);
      },
    );
    return () => ac.abort();
  }, [code, detailsKey]);

  const mapCode = region && region.status === 'active' ? region.code : undefined;
  useEffect(() => {
    if (!mapCode) {
      setFeatures({ state: 'idle' });
      setFc(null);
      return;
    }
    const ac = new AbortController();
    setFeatures({ state: 'loading' });
    regionsApi.geojson(mapCode, 3, ac.signal).then(
      (data) => {
        setFeatures({ state: 'ok', data });
        setFc(data);
      },
      (e) => {
        if (ac.signal.aborted) return;
        setFeatures({ state: 'error', message: errorMessage(e) });
        setFc(null);
      },
    );
    return () => ac.abort();
  }, [mapCode, detailsKey]);

  // open the tree down to the selected node, and the node itself when it has children
  const expandPath = useMemo(
    () => (region ? [...region.ancestors.map((a) => a.code), ...(region.childCount > 0 && region.status === 'active' ? [region.code] : [])] : []),
    [region],
  );
  const legend = useMemo(() => {
    const present = new Set(fc?.features.map((f) => f.properties.level));
    return LEVEL_ORDER.filter((l) => present.has(l)).map((l) => ({ level: l, label: levelName(l, lang, meta?.levels) }));
  }, [fc, lang, meta]);

  const onDone = (newCode: string) => {
    setReloadKey((k) => k + 1);
    if (newCode !== code) select(newCode);
    else setDetailsKey((k) => k + 1);
  };

  const tree = (
    <RegionTree selectedCode={region?.code ?? code} expandPath={expandPath} reloadKey={reloadKey} onSelect={select} onLoaded={onTreeLoaded} searchRoot={user.regionCode} />
  );

  return (
    <div className="fq-regions">
      <Card
        className={`fq-regions-tree${mobile && !treeOpen ? ' fq-collapsed' : ''}`}
        size="small"
        title={t('regions.tree')}
        extra={
          mobile && (
            <Button size="small" type="link" icon={treeOpen ? <UpOutlined /> : <DownOutlined />} onClick={() => setTreeOpen((o) => !o)} data-testid="tree-toggle">
              {region?.name}
            </Button>
          )
        }
      >
        {(!mobile || treeOpen) && tree}
      </Card>
      <div className="fq-regions-main">
        <Card
          size="small"
          className="fq-map-card"
          title={
            <span className="fq-map-title" data-testid="map-title">
              {region ? region.name : t('regions.map')}
              {region && <Tag className="fq-map-title-tag">{levelName(region.level, lang, meta?.levels)}</Tag>}
            </span>
          }
        >
          <div className="fq-map-box">
            <Suspense fallback={<Spin className="fq-map-spin" />}>
              <RegionMap features={fc} selectedCode={region?.code} tileUrl={meta?.mapTileUrl} onSelect={select} legend={legend} />
            </Suspense>
            {features.state === 'loading' && <Spin className="fq-map-spin" />}
            {features.state === 'error' && <Alert className="fq-map-overlay" type="error" showIcon title={features.message} />}
            {region && region.status !== 'active' && (
              <div className="fq-map-overlay">
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('regions.status.retired')} />
              </div>
            )}
            {features.state === 'ok' && features.data.features.length === 0 && (
              <div className="fq-map-overlay">
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('regions.noGeometry')} />
              </div>
            )}
          </div>
        </Card>
        <Card size="small" className="fq-details-card">
          {!code && <Empty description={t('regions.pick')} />}
          {details.state === 'loading' && !region && <Spin />}
          {details.state === 'error' && <Alert type="error" showIcon title={details.message} />}
          {region && (
            <RegionDetails region={region} onSelect={select} actions={can('region.manage') ? <RegionActions region={region} onDone={onDone} /> : undefined} />
          )}
        </Card>
      </div>
    </div>
  );
}
