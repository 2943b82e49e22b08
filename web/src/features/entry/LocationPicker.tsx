import { Map as MapLibreMap, Marker } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import type { AreaCollection, Layers } from '../../shared/api-responses';
import { BLANK_STYLE, boundsOf } from '../../shared/map-base';

/** A small map to click a location on; the marker follows the chosen point. */
export function LocationPicker({
  latitude,
  longitude,
  onPick,
}: {
  latitude: number | null;
  longitude: number | null;
  onPick: (latitude: number, longitude: number) => void;
}) {
  const container = useRef<HTMLElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const marker = useRef<Marker | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!container.current) return;
    let instance: MapLibreMap;
    try {
      instance = new MapLibreMap({
        container: container.current,
        style: BLANK_STYLE,
        center: [-72.7, 41.6],
        zoom: 7,
        attributionControl: false,
      });
    } catch {
      return; // Without WebGL the typed coordinates and the address still work.
    }
    map.current = instance;
    instance.on('load', async () => {
      const layers: Layers = await fetch('/api/v1/layers').then((r) => (r.ok ? r.json() : []));
      const first = layers[0]?.id;
      if (!first) return;
      const areas: AreaCollection | null = await fetch(`/api/v1/layers/${first}/areas`).then((r) =>
        r.ok ? r.json() : null,
      );
      if (!areas) return;
      instance.addSource('areas', { type: 'geojson', data: areas });
      instance.addLayer({
        id: 'area-line',
        type: 'line',
        source: 'areas',
        paint: { 'line-color': '#718096', 'line-width': 0.6 },
      });
      // The form lays out after the map starts (a phone draws it narrower than its first size), and
      // the jurisdiction is wherever its areas are: size the map to its box, then show them all.
      instance.resize();
      const bounds = boundsOf(areas);
      if (bounds) instance.fitBounds(bounds, { padding: 8, duration: 0 });
    });
    instance.on('click', (event) => pick.current(event.lngLat.lat, event.lngLat.lng));
    return () => instance.remove();
  }, []);

  useEffect(() => {
    const instance = map.current;
    if (!instance || latitude === null || longitude === null) return;
    marker.current ??= new Marker({ color: '#b10026' });
    marker.current.setLngLat([longitude, latitude]).addTo(instance);
  }, [latitude, longitude]);

  return (
    <section
      ref={container}
      className="map picker"
      aria-label="Map: click or tap the place of the overdose (or type the coordinates above)"
    />
  );
}
