// The region's map on the dashboard: the children of the shown node shaded by their open cases (darker =
// more); clicking one drills down. Each child's path carries data-code and its count as data-open.
import { useEffect, useMemo, useRef } from 'react';
import { GeoJSON, MapContainer, useMap } from 'react-leaflet';
import L, { type Layer, type PathOptions } from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, Geometry } from 'geojson';
import type { Features, RegionProps } from './api';

const SCALE = ['#12345a', '#1c5a8c', '#2f7fbf', '#f0b429', '#f97316', '#e11d48'];

function Fit({ data }: { data: Features | null }) {
  const map = useMap();
  useEffect(() => {
    if (!data?.features.length) return;
    const b = L.geoJSON(data).getBounds();
    // a margin round the areas, and never closer than a town's streets: one lone area must not fill the panel
    if (b.isValid()) map.fitBounds(b, { padding: [40, 40], maxZoom: 13, animate: false });
  }, [data, map]);
  useEffect(() => {
    const ro = new ResizeObserver(() => map.invalidateSize({ animate: false }));
    ro.observe(map.getContainer());
    return () => ro.disconnect();
  }, [map]);
  return null;
}

export function DashMap({ features, parentId, open, onSelect }: { features: Features | null; parentId: number | null; open: Map<string, number>; onSelect: (code: string) => void }) {
  const select = useRef(onSelect);
  select.current = onSelect;
  const shown = useMemo<Features | null>(() => {
    if (!features) return null;
    const kids = features.features.filter((f) => f.properties.parentId === parentId);
    return { ...features, features: kids.length ? kids : features.features.filter((f) => f.properties.id === parentId) };
  }, [features, parentId]);
  const max = Math.max(1, ...open.values());
  const style = (f?: Feature<Geometry, RegionProps>): PathOptions => {
    const n = open.get(f!.properties.code) ?? 0;
    const color = n === 0 ? '#0f2a47' : SCALE[Math.min(SCALE.length - 1, Math.ceil((n / max) * (SCALE.length - 1)))];
    return { color: '#5fb3ff', weight: 1.5, fillColor: color, fillOpacity: 0.75, className: `fq-dash-area fq-code-${f!.properties.code}` };
  };
  const each = (f: Feature<Geometry, RegionProps>, layer: Layer) => {
    const p = f.properties;
    const n = open.get(p.code) ?? 0;
    layer.bindTooltip(`${p.name}：在办 ${n}`, { permanent: true, direction: 'center', className: 'fq-dash-label' });
    layer.on('add', () => {
      const el = (layer as L.Path).getElement();
      el?.setAttribute('data-code', p.code);
      el?.setAttribute('data-open', String(n));
    });
    layer.on('click', () => select.current(p.code));
  };
  const key = `${shown?.features.map((f) => f.properties.code).join(',')}|${[...open.entries()].join(';')}`;
  return (
    <div className="fq-dash-map" data-testid="dash-map">
      <MapContainer center={[40.88, 107.4]} zoom={9} zoomSnap={0.25} attributionControl={false} className="fq-dash-leaflet">
        {shown && <GeoJSON key={key} data={shown} style={style as L.StyleFunction} onEachFeature={each as (f: Feature, l: Layer) => void} />}
        <Fit data={shown} />
      </MapContainer>
      {shown && shown.features.length === 0 && <div className="fq-dash-nomap">暂无边界数据 · no boundaries</div>}
    </div>
  );
}
