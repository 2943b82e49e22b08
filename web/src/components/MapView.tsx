import { cellToBoundary } from 'h3-js';
import {
  type GeoJSONSource,
  Map as MapLibreMap,
  NavigationControl,
  type StyleSpecification,
  setWorkerUrl,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';

setWorkerUrl('/assets/maplibre-gl-worker.mjs');

/** One area's value on the map: its count and, where the population is known, its rate per 100,000. */
export interface AreaValue {
  id: string;
  name: string;
  /** Gi* z-score over the same window, when hot spots were computed. */
  z?: number | null;
  /** A significant hot spot (Gi* above zero, false discovery rate under the chosen level). */
  hot?: boolean;
  count: number;
  rate: number | null;
}

/** A point of an analyst's map. */
export interface MapPoint {
  id: string;
  latitude: number;
  longitude: number;
  fatal: boolean | null;
}

type Feature = {
  type: 'Feature';
  id?: string | number;
  properties: Record<string, unknown>;
  geometry: unknown;
};
type Collection = { type: 'FeatureCollection'; features: Feature[] };

/** No remote tiles: a plain background, with the areas themselves as the geography. */
export const BLANK_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }],
};

const EMPTY: Collection = { type: 'FeatureCollection', features: [] };

/** The polygons of H3 cells, for partners' cell maps. */
function cellPolygons(values: AreaValue[]): Collection {
  return {
    type: 'FeatureCollection',
    features: values.map((v) => {
      const ring = cellToBoundary(v.id, true);
      return {
        type: 'Feature',
        properties: { id: v.id, name: v.name, count: v.count, value: v.count },
        geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
      };
    }),
  };
}

function boundsOf(collection: Collection): [number, number, number, number] | null {
  let [w, s, e, n] = [180, 90, -180, -90];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(c)) for (const inner of c) visit(inner);
  };
  for (const f of collection.features) visit((f.geometry as { coordinates: unknown }).coordinates);
  return w <= e ? [w, s, e, n] : null;
}

/**
 * The map: areas shaded by rate per 100,000 (or by count when populations are unknown), and for
 * analysts the points, clustered when dense, with a heat layer. Clicking an area selects it.
 */
export function MapView({
  areas,
  values,
  cells,
  points,
  selected,
  onSelect,
  styleUrl,
  shadeBy = 'rate',
}: {
  areas: Collection | null;
  values: AreaValue[];
  cells: boolean;
  points: MapPoint[] | null;
  selected: string | null;
  onSelect: (areaId: string | null) => void;
  styleUrl?: string | null;
  /** What the fill shows: rate per 100,000 (count where the population is unknown), count, or Gi* z. */
  shadeBy?: 'rate' | 'count' | 'z';
}) {
  const container = useRef<HTMLElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!container.current) return;
    let instance: MapLibreMap;
    try {
      instance = new MapLibreMap({
        container: container.current,
        style: styleUrl || BLANK_STYLE,
        center: [-72.7, 41.6],
        zoom: 7,
        attributionControl: false,
      });
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
      return;
    }
    map.current = instance;
    instance.addControl(new NavigationControl({ showCompass: false }));
    instance.on('load', () => {
      instance.addSource('areas', { type: 'geojson', data: EMPTY });
      instance.addSource('context', { type: 'geojson', data: EMPTY });
      instance.addSource('points', {
        type: 'geojson',
        data: EMPTY,
        cluster: true,
        clusterRadius: 40,
        clusterMaxZoom: 13,
      });
      instance.addLayer({
        id: 'area-fill',
        type: 'fill',
        source: 'areas',
        paint: {
          'fill-color': [
            'interpolate',
            ['linear'],
            ['coalesce', ['get', 'shade'], 0],
            0,
            '#f7fbff',
            0.25,
            '#c6dbef',
            0.5,
            '#6baed6',
            0.75,
            '#2171b5',
            1,
            '#08306b',
          ],
          'fill-opacity': 0.75,
        },
      });
      instance.addLayer({
        id: 'area-line',
        type: 'line',
        source: 'areas',
        paint: {
          'line-color': [
            'case',
            ['boolean', ['get', 'selected'], false],
            '#d94801',
            ['boolean', ['get', 'hot'], false],
            '#b10026',
            '#4a5568',
          ],
          'line-width': [
            'case',
            ['boolean', ['get', 'selected'], false],
            3,
            ['boolean', ['get', 'hot'], false],
            2,
            0.5,
          ],
        },
      });
      instance.addLayer({
        id: 'context-line',
        type: 'line',
        source: 'context',
        paint: { 'line-color': '#8a94a0', 'line-width': 0.5 },
      });
      instance.addLayer({
        id: 'heat',
        type: 'heatmap',
        source: 'points',
        maxzoom: 12,
        paint: { 'heatmap-radius': 18, 'heatmap-opacity': 0.55 },
      });
      instance.addLayer({
        id: 'clusters',
        type: 'circle',
        source: 'points',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': '#7a0177',
          'circle-opacity': 0.7,
          'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 8, 100, 18, 1000, 28],
        },
      });
      instance.addLayer({
        id: 'point',
        type: 'circle',
        source: 'points',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-radius': 4,
          'circle-color': ['case', ['==', ['get', 'fatal'], true], '#b10026', '#fd8d3c'],
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1,
        },
      });
      instance.on('click', 'area-fill', (event) => {
        const id = event.features?.[0]?.properties?.id;
        if (typeof id === 'string') select.current(id);
      });
      instance.on('mouseenter', 'area-fill', () => {
        instance.getCanvas().style.cursor = 'pointer';
      });
      instance.on('mouseleave', 'area-fill', () => {
        instance.getCanvas().style.cursor = '';
      });
      setReady(true);
    });
    instance.on('error', (event) => console.warn('map:', event.error?.message));
    return () => {
      instance.remove();
      map.current = null;
      setReady(false);
    };
  }, [styleUrl]);

  useEffect(() => {
    const instance = map.current;
    if (!ready || !instance) return;
    const measure = (v: AreaValue) =>
      shadeBy === 'z' ? Math.max(0, v.z ?? 0) : shadeBy === 'count' ? v.count : (v.rate ?? v.count);
    const max = Math.max(0, ...values.map(measure));
    const byId = new Map(values.map((v) => [v.id, v]));
    // Cells are shaded over the outlines of the areas, which keep the map readable.
    const collection = cells ? cellPolygons(values) : (areas ?? EMPTY);
    (instance.getSource('context') as GeoJSONSource).setData((cells ? (areas ?? EMPTY) : EMPTY) as never);
    const shaded: Collection = {
      type: 'FeatureCollection',
      features: collection.features.map((f) => {
        const id = String(f.properties.id);
        const v = byId.get(id);
        const value = v ? measure(v) : 0;
        return {
          ...f,
          properties: {
            ...f.properties,
            shade: max > 0 ? value / max : 0,
            selected: id === selected,
            hot: v?.hot ?? false,
          },
        };
      }),
    };
    (instance.getSource('areas') as GeoJSONSource).setData(shaded as never);
    const bounds = boundsOf(areas ?? shaded);
    if (bounds && !selected) instance.fitBounds(bounds, { padding: 20, duration: 0 });
  }, [ready, areas, values, cells, selected, shadeBy]);

  useEffect(() => {
    const instance = map.current;
    if (!ready || !instance) return;
    const features = (points ?? []).map((p) => ({
      type: 'Feature' as const,
      properties: { id: p.id, fatal: p.fatal },
      geometry: { type: 'Point' as const, coordinates: [p.longitude, p.latitude] },
    }));
    (instance.getSource('points') as GeoJSONSource).setData({ type: 'FeatureCollection', features } as never);
  }, [ready, points]);

  if (failed)
    return (
      <p className="muted map-fallback">
        The map cannot be drawn in this browser ({failed}); the table below has the same counts.
      </p>
    );
  return (
    <section
      ref={container}
      className="map"
      aria-label="Map of overdoses by area; the table below lists the same counts"
    />
  );
}
