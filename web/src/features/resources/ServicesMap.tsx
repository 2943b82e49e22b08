import { Map as MapLibreMap, Marker, NavigationControl } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { BLANK_STYLE, boundsOf } from '../../shared/map-base';
import type { SearchPoint, ServicesMapCollection } from './resource-search';

/** The capacity colours of the markers and the legend, in the legend's order. */
export const CAPACITY_LEGEND: readonly { status: string; label: string }[] = [
  { status: 'available', label: 'Available' },
  { status: 'limited', label: 'Limited' },
  { status: 'waitlist', label: 'Waitlist' },
  { status: 'full', label: 'Full' },
  { status: 'unknown', label: 'Capacity unknown' },
];

/**
 * The services map: a marker per place of the matching services, coloured by capacity (no remote
 * tiles: the blank style the dashboard uses). A marker is a button that shows its service in the list;
 * a click elsewhere on the map measures distances from there.
 */
export function ServicesMap({
  places,
  near,
  onPick,
  onShow,
}: {
  places: ServicesMapCollection | null;
  near: SearchPoint | null;
  onPick: (latitude: number, longitude: number) => void;
  onShow: (serviceId: string) => void;
}) {
  const container = useRef<HTMLElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const markers = useRef<Marker[]>([]);
  const fitted = useRef<string | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const handlers = useRef({ onPick, onShow });
  handlers.current = { onPick, onShow };

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
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
      return;
    }
    map.current = instance;
    instance.addControl(new NavigationControl({ showCompass: false }));
    instance.on('click', (event) => {
      // A marker's own click shows its service; it is not a new search point.
      if ((event.originalEvent.target as HTMLElement | null)?.closest('.service-marker')) return;
      handlers.current.onPick(event.lngLat.lat, event.lngLat.lng);
    });
    instance.on('load', () => setReady(true));
    return () => {
      instance.remove();
      map.current = null;
      setReady(false);
    };
  }, []);

  useEffect(() => {
    const instance = map.current;
    if (!ready || !instance) return;
    for (const marker of markers.current.splice(0)) marker.remove();
    for (const feature of places?.features ?? []) {
      const { service_id, name, capacity_status } = feature.properties;
      const element = document.createElement('button');
      element.type = 'button';
      element.className = `service-marker capacity-${capacity_status}`;
      element.setAttribute('aria-label', `${name}: show in the list`);
      element.title = name;
      element.addEventListener('click', () => handlers.current.onShow(service_id));
      const [lon, lat] = feature.geometry.coordinates as [number, number];
      markers.current.push(new Marker({ element }).setLngLat([lon, lat]).addTo(instance));
    }
    if (near) {
      const element = document.createElement('span');
      element.className = 'search-point';
      element.title = `Distances from ${near.label}`;
      markers.current.push(
        new Marker({ element }).setLngLat([near.longitude, near.latitude]).addTo(instance),
      );
    }
    // Fitted again only when the places shown change, so a click for a new point keeps the view.
    const key = (places?.features ?? []).map((f) => f.properties.location_id).join('|');
    if (fitted.current === key || !places) return;
    fitted.current = key;
    const bounds = boundsOf(places as never);
    if (bounds) instance.fitBounds(bounds, { padding: 40, maxZoom: 13, duration: 0 });
  }, [ready, places, near]);

  if (failed)
    return (
      <p className="muted map-fallback">
        The map cannot be drawn in this browser ({failed}); the list has every service.
      </p>
    );
  return (
    <>
      <section
        ref={container}
        className="map services-map"
        aria-label="Map of the services found; click the map to measure distances from that point"
      />
      <section className="map-legend" aria-label="Services map legend">
        <p className="legend-title">Services by capacity today</p>
        <ul className="marks">
          {CAPACITY_LEGEND.map((c) => (
            <li key={c.status}>
              <span className={`service-swatch capacity-${c.status}`} /> {c.label}
            </li>
          ))}
          <li>
            <span className="search-point legend" /> Where distances are measured from
          </li>
        </ul>
      </section>
    </>
  );
}
