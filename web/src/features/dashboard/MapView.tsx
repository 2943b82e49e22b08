import { cellToBoundary, cellToLatLng } from 'h3-js';
import { type GeoJSONSource, Map as MapLibreMap, Marker, NavigationControl, Popup } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { BLANK_STYLE, boundsOf, type Collection } from '../../shared/map-base';
import { areaLabelText, SHADE_TITLES, SHADES, type ShadeBy, shadeStops, shadeValue } from './map-shading';

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

/** A place of a directory service on the map (the "Services" layer). */
export interface ServicePlace {
  name: string;
  latitude: number;
  longitude: number;
}

/** A point of an analyst's map. */
export interface MapPoint {
  id: string;
  latitude: number;
  longitude: number;
  fatal: boolean | null;
}

const EMPTY: Collection = { type: 'FeatureCollection', features: [] };

/** The polygons of H3 cells, for partners' cell maps. */
function cellPolygons(values: AreaValue[]): Collection {
  return {
    type: 'FeatureCollection',
    features: values.map((v) => {
      const ring = cellToBoundary(v.id, true);
      return {
        type: 'Feature',
        properties: { id: v.id, name: v.name },
        geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
      };
    }),
  };
}

/** The colour of a feature's `shade` (its value over the map's highest, 0..1), from SHADES. */
const shadeColor = [
  'interpolate',
  ['linear'],
  ['coalesce', ['get', 'shade'], 0],
  ...SHADES.flatMap((color, i) => [i / (SHADES.length - 1), color]),
] as never;

/** The cluster circles' numbers: HTML markers, since a style without remote glyphs cannot draw text. */
function updateClusterCounts(instance: MapLibreMap, shown: Map<number, Marker>): void {
  if (!instance.getSource('points') || !instance.isSourceLoaded('points')) return;
  const seen = new Set<number>();
  for (const feature of instance.querySourceFeatures('points', { filter: ['has', 'point_count'] })) {
    const id = Number(feature.properties.cluster_id);
    if (seen.has(id)) continue;
    seen.add(id);
    if (shown.has(id)) continue;
    const element = document.createElement('span');
    element.className = 'cluster-count';
    element.textContent = String(
      feature.properties.point_count_abbreviated ?? feature.properties.point_count,
    );
    const [lon, lat] = (feature.geometry as { coordinates: [number, number] }).coordinates;
    shown.set(id, new Marker({ element }).setLngLat([lon, lat]).addTo(instance));
  }
  for (const [id, marker] of shown) {
    if (seen.has(id)) continue;
    marker.remove();
    shown.delete(id);
  }
}

/**
 * The map: areas shaded by rate per 100,000 (or by count when populations are unknown), hot spots
 * outlined, a legend, each area's name and value on hover, and for analysts the points, clustered with
 * their numbers when dense, with a heat layer. Clicking an area selects it and the map zooms to it.
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
  services = null,
}: {
  areas: Collection | null;
  values: AreaValue[];
  cells: boolean;
  points: MapPoint[] | null;
  selected: string | null;
  onSelect: (areaId: string | null) => void;
  styleUrl?: string | null;
  /** What the fill shows: rate per 100,000 (count where the population is unknown), count, or Gi* z. */
  shadeBy?: ShadeBy;
  /** The places of the directory's services, drawn over the overdoses (null: the layer is off). */
  services?: ServicePlace[] | null;
}) {
  const max = useMemo(() => Math.max(0, ...values.map((v) => shadeValue(v, shadeBy))), [values, shadeBy]);
  const fitted = useRef<string | null>(null);
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
      instance.addSource('cell-centres', { type: 'geojson', data: EMPTY });
      instance.addSource('services', { type: 'geojson', data: EMPTY });
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
          'fill-color': shadeColor,
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
      // At the zoom of a whole state an H3 cell is two or three pixels wide: each is also drawn as a
      // dot of its shade, up to the zoom where the cells themselves read well.
      instance.addLayer({
        id: 'cell-dots',
        type: 'circle',
        source: 'cell-centres',
        maxzoom: 10,
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, 3.5, 8, 5, 10, 7],
          'circle-color': shadeColor,
          'circle-stroke-color': ['case', ['boolean', ['get', 'hot'], false], '#b10026', '#4a5568'],
          'circle-stroke-width': ['case', ['boolean', ['get', 'hot'], false], 1.5, 0.5],
        },
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
      // Services sit on top, in a teal that no overdose colour uses.
      instance.addLayer({
        id: 'service-places',
        type: 'circle',
        source: 'services',
        paint: {
          'circle-radius': 6,
          'circle-color': '#00897b',
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 2,
        },
      });
      const hover = new Popup({ closeButton: false, closeOnClick: false, className: 'area-label' });
      for (const layer of ['area-fill', 'cell-dots']) {
        instance.on('click', layer, (event) => {
          const id = event.features?.[0]?.properties?.id;
          if (typeof id === 'string') select.current(id);
        });
        instance.on('mousemove', layer, (event) => {
          instance.getCanvas().style.cursor = 'pointer';
          const text = event.features?.[0]?.properties?.label;
          if (typeof text === 'string') hover.setLngLat(event.lngLat).setText(text).addTo(instance);
        });
        instance.on('mouseleave', layer, () => {
          instance.getCanvas().style.cursor = '';
          hover.remove();
        });
      }
      const clusterCounts = new Map<number, Marker>();
      instance.on('render', () => updateClusterCounts(instance, clusterCounts));
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
    const byId = new Map(values.map((v) => [v.id, v]));
    // Cells are shaded over the outlines of the areas, which keep the map readable.
    const collection = cells ? cellPolygons(values) : (areas ?? EMPTY);
    (instance.getSource('context') as GeoJSONSource).setData((cells ? (areas ?? EMPTY) : EMPTY) as never);
    const shaded: Collection = {
      type: 'FeatureCollection',
      features: collection.features.map((f) => {
        const id = String(f.properties.id);
        const name = String(f.properties.name ?? id);
        const v = byId.get(id) ?? { id, name, count: 0, rate: null };
        return {
          ...f,
          properties: {
            ...f.properties,
            shade: max > 0 ? shadeValue(v, shadeBy) / max : 0,
            selected: id === selected,
            hot: v.hot ?? false,
            label: areaLabelText({ ...v, name }, shadeBy),
          },
        };
      }),
    };
    (instance.getSource('areas') as GeoJSONSource).setData(shaded as never);
    const centres = cells
      ? shaded.features.map((f) => {
          const [lat, lon] = cellToLatLng(String(f.properties.id));
          return { ...f, geometry: { type: 'Point', coordinates: [lon, lat] } };
        })
      : [];
    (instance.getSource('cell-centres') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: centres,
    } as never);
    // Fit once per view: the whole layer (once its outlines are in), or the selected area when one is picked.
    const view = `${cells ? 'cells' : 'areas'}:${selected ?? ''}:${areas ? 'outlined' : ''}`;
    if (fitted.current === view) return;
    const target = selected ? shaded.features.filter((f) => String(f.properties.id) === selected) : null;
    const bounds = boundsOf(target ? { type: 'FeatureCollection', features: target } : (areas ?? shaded));
    if (!bounds) return;
    instance.fitBounds(bounds, { padding: 40, maxZoom: 12, duration: selected ? 600 : 0 });
    fitted.current = view;
  }, [ready, areas, values, cells, selected, shadeBy, max]);

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

  useEffect(() => {
    const instance = map.current;
    if (!ready || !instance) return;
    const features = (services ?? []).map((s) => ({
      type: 'Feature' as const,
      properties: { name: s.name },
      geometry: { type: 'Point' as const, coordinates: [s.longitude, s.latitude] },
    }));
    (instance.getSource('services') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features,
    } as never);
  }, [ready, services]);

  if (failed)
    return (
      <p className="muted map-fallback">
        The map cannot be drawn in this browser ({failed}); the table below has the same counts.
      </p>
    );
  return (
    <>
      <section
        ref={container}
        className="map"
        aria-label="Map of overdoses by area; the table below lists the same counts"
      />
      <MapLegend
        max={max}
        shadeBy={shadeBy}
        cells={cells}
        points={points !== null}
        services={services !== null}
      />
    </>
  );
}

/** What the map's colours, outlines and marks mean. */
function MapLegend({
  max,
  shadeBy,
  cells,
  points,
  services,
}: {
  max: number;
  shadeBy: ShadeBy;
  cells: boolean;
  points: boolean;
  services: boolean;
}) {
  return (
    <section className="map-legend" aria-label="Map legend">
      <p className="legend-title">
        {SHADE_TITLES[shadeBy]}
        {cells ? ', by H3 cell' : ', by area'}
      </p>
      <ol className="shade-scale">
        {shadeStops(max, shadeBy).map((stop) => (
          <li key={stop.color}>
            <span className="swatch" style={{ background: stop.color }} />
            {stop.label}
          </li>
        ))}
      </ol>
      <ul className="marks">
        <li>
          <span className="outline hot" /> Hot spot (Gi*, significant)
        </li>
        <li>
          <span className="outline selected" /> Selected {cells ? 'cell' : 'area'}
        </li>
        {points && (
          <>
            <li>
              <span className="dot fatal" /> Fatal <span className="dot nonfatal" /> Nonfatal overdose
            </li>
            <li>
              <span className="dot cluster" /> Cluster (its number of overdoses)
            </li>
          </>
        )}
        {services && (
          <li>
            <span className="dot service" /> Service of the resource directory
          </li>
        )}
      </ul>
    </section>
  );
}
