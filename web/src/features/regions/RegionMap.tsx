// The selected node's subtree on a Leaflet map. No tile server is assumed: a plain background unless
// the server announces one (meta.mapTileUrl). Each polygon's SVG path carries
// `fq-grid fq-level-<level> fq-code-<code>` and data-code, so tests and styles can find it.
import { useEffect, useMemo, useRef } from 'react';
import { GeoJSON, MapContainer, Pane, TileLayer, useMap } from 'react-leaflet';
import L, { type Layer, type PathOptions } from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, Geometry } from 'geojson';
import type { Level, RegionFeatures, RegionProps } from './api';
import { LEVEL_STYLE } from './levels';

interface Props {
  features: RegionFeatures | null;
  selectedCode?: string;
  tileUrl?: string | null;
  onSelect: (code: string) => void;
  legend?: { level: Level; label: string }[];
}

const DEFAULT_CENTER: [number, number] = [40.88, 107.4]; // 巴彦淖尔

// react-leaflet's GeoJSON reads its data once: a new collection needs a new layer (a new key)
const keys = new WeakMap<object, number>();
let seq = 0;
function collectionKey(fc: object): number {
  let k = keys.get(fc);
  if (k === undefined) keys.set(fc, (k = ++seq));
  return k;
}

function FitBounds({ features }: { features: RegionFeatures | null }) {
  const map = useMap();
  useEffect(() => {
    if (!features?.features.length) return;
    const bounds = L.geoJSON(features).getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], animate: false });
  }, [features, map]);
  useEffect(() => {
    const el = map.getContainer();
    const ro = new ResizeObserver(() => map.invalidateSize({ animate: false }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [map]);
  return null;
}

/** Shows a permanent label only where it fits inside its polygon (the top-most nodes shown need not)
 *  and does not cover an earlier label. */
function FitLabels({ version }: { version: string }) {
  const map = useMap();
  useEffect(() => {
    const update = () => {
      const taken: DOMRect[] = [];
      map.eachLayer((layer) => {
        const tip = layer.getTooltip();
        const el = tip?.getElement();
        if (!tip?.options.permanent || !el || !(layer instanceof L.Polygon)) return;
        const b = layer.getBounds();
        const sw = map.latLngToContainerPoint(b.getSouthWest());
        const ne = map.latLngToContainerPoint(b.getNorthEast());
        const r = el.getBoundingClientRect();
        const fits = el.classList.contains('fq-label-root') || (Math.abs(ne.x - sw.x) >= r.width + 8 && Math.abs(sw.y - ne.y) >= r.height + 4);
        const free = taken.every((t) => r.right <= t.left || r.left >= t.right || r.bottom <= t.top || r.top >= t.bottom);
        el.style.visibility = fits && free ? '' : 'hidden';
        if (fits && free) taken.push(r);
      });
    };
    const later = () => requestAnimationFrame(update);
    map.on('zoomend moveend resize', later);
    later();
    return () => {
      map.off('zoomend moveend resize', later);
    };
  }, [map, version]);
  return null;
}

export default function RegionMap({ features, selectedCode, tileUrl, onSelect, legend }: Props) {
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  const selected = useMemo(() => features?.features.find((f) => f.properties.code === selectedCode)?.properties, [features, selectedCode]);
  const labelled = useMemo(() => {
    // permanent labels on the selected node's direct children (on itself when it has none); when the
    // selected node has no boundary (a county, say), on the top-most nodes shown
    const list = features?.features ?? [];
    if (!selected) {
      const ids = new Set(list.map((f) => f.properties.id));
      const roots = list.filter((f) => f.properties.parentId === null || !ids.has(f.properties.parentId));
      const rootIds = new Set(roots.map((f) => f.properties.id));
      return new Set([...roots, ...list.filter((f) => rootIds.has(f.properties.parentId ?? -1))].map((f) => f.properties.code));
    }
    const kids = list.filter((f) => f.properties.parentId === selected.id);
    return new Set((kids.length ? kids : list.filter((f) => f.properties.code === selectedCode)).map((f) => f.properties.code));
  }, [features, selected, selectedCode]);

  // outlines of the nodes that have children in view, drawn above the fills so their borders stay visible
  const outlines = useMemo<RegionFeatures | null>(() => {
    if (!features) return null;
    const parents = new Set(features.features.map((f) => f.properties.parentId));
    return { ...features, features: features.features.filter((f) => parents.has(f.properties.id)) };
  }, [features]);
  const outlineStyle = (f?: Feature<Geometry, RegionProps>): PathOptions => {
    const p = f!.properties;
    const base = LEVEL_STYLE[p.level] ?? LEVEL_STYLE.grid_small;
    return { color: base.color, weight: base.weight, dashArray: base.dashArray, fill: false, interactive: false, className: `fq-outline fq-outline-${p.level}` };
  };

  const style = (f?: Feature<Geometry, RegionProps>): PathOptions => {
    const p = f!.properties;
    const isSelected = p.code === selectedCode;
    const base = LEVEL_STYLE[p.level] ?? LEVEL_STYLE.grid_small;
    return {
      ...base,
      weight: (base.weight ?? 2) + (isSelected ? 1 : 0),
      fillOpacity: isSelected && p.level !== 'town' ? Math.min(base.fillOpacity ?? 0, 0.08) : base.fillOpacity,
      className: `fq-grid fq-level-${p.level} fq-code-${p.code}${isSelected ? ' fq-selected' : ''}`,
    };
  };

  const rootIds = useMemo(() => {
    const ids = new Set(features?.features.map((f) => f.properties.id));
    return new Set(features?.features.filter((f) => f.properties.parentId === null || !ids.has(f.properties.parentId)).map((f) => f.properties.id));
  }, [features]);

  const onEachFeature = (f: Feature<Geometry, RegionProps>, layer: Layer) => {
    const p = f.properties;
    const permanent = labelled.has(p.code);
    const root = rootIds.has(p.id) && !(selected && selected.id === p.id && labelled.size > 1);
    layer.bindTooltip(p.name, {
      permanent,
      sticky: !permanent,
      direction: 'center',
      className: `fq-map-label fq-label-${p.level}${permanent ? ' fq-label-permanent' : ''}${root ? ' fq-label-root' : ''}`,
      opacity: 1,
    });
    layer.on('add', () => (layer as L.Path).getElement()?.setAttribute('data-code', p.code));
    layer.on('click', (e) => {
      L.DomEvent.stopPropagation(e);
      onSelectRef.current(p.code);
    });
  };

  const dataKey = `${features ? collectionKey(features) : 0}:${selectedCode}`;

  return (
    <div className={`fq-map-wrap${tileUrl ? ' fq-map-tiles' : ''}`} data-testid="region-map">
      <MapContainer center={DEFAULT_CENTER} zoom={9} zoomSnap={0.25} className="fq-map" attributionControl={Boolean(tileUrl)}>
        {tileUrl && <TileLayer url={tileUrl} />}
        {features && <GeoJSON key={dataKey} data={features} style={style as L.StyleFunction} onEachFeature={onEachFeature as (f: Feature, l: Layer) => void} />}
        <Pane name="fq-outlines" style={{ zIndex: 450, pointerEvents: 'none' }}>
          {outlines && outlines.features.length > 0 && <GeoJSON key={`o${dataKey}`} data={outlines} style={outlineStyle as L.StyleFunction} interactive={false} />}
        </Pane>
        <FitLabels version={dataKey} />
        <FitBounds features={features} />
      </MapContainer>
      {legend && legend.length > 0 && (
        <div className="fq-map-legend">
          {legend.map((l) => (
            <div key={l.level} className="fq-legend-row">
              <span className="fq-legend-swatch" style={{ borderColor: LEVEL_STYLE[l.level].color, background: LEVEL_STYLE[l.level].fillColor ?? 'transparent', borderStyle: LEVEL_STYLE[l.level].dashArray ? 'dashed' : 'solid' }} />
              {l.label}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
