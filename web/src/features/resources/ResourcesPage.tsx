import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { useApi } from '../../shared/useApi';
import { SERVICES, word } from '../outreach/outreach-words';
import {
  type DirectorySearchPage,
  type DirectoryService,
  filterQuery,
  NO_FILTERS,
  type ResourceFilters,
  type ServicesMapCollection,
  telHref,
  townsOf,
} from './resource-search';
import { CAPACITY_LEGEND, ServicesMap } from './ServicesMap';
import './resources.css';

const DISTANCES = ['2', '5', '10', '25', '50'];
const INSURANCE = ['medicaid', 'medicare', 'private', 'uninsured', 'sliding_scale', 'free'];
const PAGE_SIZE = 50;

/** Waits for typing to pause before a text filter asks the server again. */
function useSettled<T>(value: T, ms = 350): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The resource directory for people in the field: find services by need, open now, distance,
 * language, insurance and words, as a list (phones to call, capacity, MOUD, Part 2) and on a map.
 */
export function ResourcesPage() {
  const [filters, setFilters] = useState<ResourceFilters>(NO_FILTERS);
  const [locating, setLocating] = useState<string | null>(null);
  const [more, setMore] = useState<{ services: DirectoryService[]; cursor: string | null } | null>(null);
  const typed = useSettled({ language: filters.language, q: filters.q });
  const query = filterQuery({ ...filters, ...typed });
  const results = useApi<DirectorySearchPage>(`/api/v1/directory/services?${query}&limit=${PAGE_SIZE}`);
  const places = useApi<ServicesMapCollection>(`/api/v1/directory/map?${query}`);
  const everywhere = useApi<ServicesMapCollection>('/api/v1/directory/map');
  const towns = townsOf(everywhere.data);
  const set = (change: Partial<ResourceFilters>) => setFilters((f) => ({ ...f, ...change }));

  // A new search starts from its first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query is the trigger.
  useEffect(() => setMore(null), [query]);

  const locateMe = () => {
    if (!navigator.geolocation) {
      setLocating('This browser cannot tell where you are: pick a town or click the map.');
      return;
    }
    setLocating('Finding where you are…');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(null);
        set({
          near: {
            latitude: position.coords.latitude,
            longitude: position.coords.longitude,
            label: 'your location',
          },
        });
      },
      () => setLocating('Your location is not available: pick a town or click the map.'),
      { timeout: 10_000 },
    );
  };
  const showMore = async () => {
    const cursor = more ? more.cursor : results.data?.next_cursor;
    if (!cursor) return;
    const page = await api<DirectorySearchPage>(
      `/api/v1/directory/services?${query}&limit=${PAGE_SIZE}&cursor=${encodeURIComponent(cursor)}`,
    );
    setMore({ services: [...(more?.services ?? []), ...page.services], cursor: page.next_cursor });
  };
  const showService = (serviceId: string) => {
    const card = document.getElementById(`service-${serviceId}`);
    card?.scrollIntoView({ block: 'center' });
    card?.focus();
  };

  const services = [...(results.data?.services ?? []), ...(more?.services ?? [])];
  const nextCursor = more ? more.cursor : (results.data?.next_cursor ?? null);
  const total = results.data?.total ?? 0;
  const filtered = query !== '';

  return (
    <section className="resources">
      <h1>Resources</h1>
      <form className="resource-filters" aria-label="Find services" onSubmit={(e) => e.preventDefault()}>
        <label>
          Need
          <select value={filters.need} onChange={(e) => set({ need: e.target.value })}>
            <option value="">Any need</option>
            {SERVICES.map((s) => (
              <option key={s} value={s}>
                {word(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.openNow}
            onChange={(e) => set({ openNow: e.target.checked })}
          />
          Open now
        </label>
        <fieldset className="near">
          <legend>Near</legend>
          <button type="button" onClick={locateMe}>
            Use my location
          </button>
          <label>
            Town
            <select
              value={towns.some((t) => t.label === filters.near?.label) ? filters.near?.label : ''}
              onChange={(e) => set({ near: towns.find((t) => t.label === e.target.value) ?? null })}
            >
              <option value="">No town</option>
              {towns.map((t) => (
                <option key={t.label} value={t.label}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Within
            <select
              value={filters.withinKm}
              onChange={(e) => set({ withinKm: e.target.value })}
              disabled={!filters.near}
            >
              <option value="">Any distance</option>
              {DISTANCES.map((d) => (
                <option key={d} value={d}>
                  {d} km
                </option>
              ))}
            </select>
          </label>
          <p className="muted near-point" aria-live="polite">
            {locating ??
              (filters.near
                ? `Distances from ${filters.near.label} (${filters.near.latitude.toFixed(4)}, ${filters.near.longitude.toFixed(4)})`
                : 'Use your location, pick a town or click the map to sort by distance.')}
            {filters.near && (
              <button type="button" className="link-button" onClick={() => set({ near: null, withinKm: '' })}>
                Clear
              </button>
            )}
          </p>
        </fieldset>
        <label>
          Language
          <input
            type="text"
            value={filters.language}
            placeholder="e.g. Spanish"
            onChange={(e) => set({ language: e.target.value })}
          />
        </label>
        <label>
          Insurance
          <select value={filters.insurance} onChange={(e) => set({ insurance: e.target.value })}>
            <option value="">Any</option>
            {INSURANCE.map((i) => (
              <option key={i} value={i}>
                {word(i)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Words
          <input type="search" value={filters.q} onChange={(e) => set({ q: e.target.value })} />
        </label>
        {filtered && (
          <button type="button" className="link-button" onClick={() => setFilters(NO_FILTERS)}>
            Clear all filters
          </button>
        )}
      </form>

      <div className="resources-layout">
        <section className="resource-results" aria-labelledby="results-heading">
          <h2 id="results-heading" aria-live="polite">
            {results.loading && !results.data
              ? 'Searching…'
              : `${total} ${total === 1 ? 'service' : 'services'}`}
          </h2>
          {results.error && (
            <p role="alert" className="page-error">
              {results.error}
            </p>
          )}
          {results.data && total === 0 && (
            <div className="empty-state">
              <p>No service matches {filtered ? 'these filters' : 'yet: the directory is empty'}.</p>
              {filtered && (
                <p className="muted">
                  Try without “Open now”, a longer distance, or any need; services with no hours listed are
                  never “open now”.
                </p>
              )}
            </div>
          )}
          <ul className="service-results">
            {services.map((s) => (
              <ServiceCard key={s.id} service={s} />
            ))}
          </ul>
          {nextCursor && (
            <button type="button" onClick={showMore}>
              Show more services
            </button>
          )}
        </section>
        <section className="resource-map" aria-label="Services map">
          <ServicesMap
            places={places.data}
            near={filters.near}
            onPick={(latitude, longitude) =>
              set({ near: { latitude, longitude, label: 'the point on the map' } })
            }
            onShow={showService}
          />
        </section>
      </div>
    </section>
  );
}

/** One service in the list: what a worker needs to send someone there. */
function ServiceCard({ service: s }: { service: DirectoryService }) {
  const capacity = CAPACITY_LEGEND.find((c) => c.status === s.capacity.status)?.label ?? 'Capacity unknown';
  const distances = s.locations.map((l) => l.distance_km).filter((d): d is number => d !== null);
  const nearest = distances.length > 0 ? Math.min(...distances) : null;
  return (
    <li className="service-card" id={`service-${s.id}`} tabIndex={-1}>
      <h3>{s.name}</h3>
      {s.organization && <p className="muted">{s.organization.name}</p>}
      <p className="service-badges">
        <span className={`capacity capacity-${s.capacity.status}`}>
          {capacity}
          {s.capacity.status === 'waitlist' && s.capacity.waitlist_days !== null
            ? ` · ${s.capacity.waitlist_days} ${s.capacity.waitlist_days === 1 ? 'day' : 'days'}`
            : ''}
        </span>
        <span
          className={`open-now ${s.open_now === true ? 'open' : s.open_now === false ? 'closed' : 'unknown'}`}
        >
          {s.open_now === true ? 'Open now' : s.open_now === false ? 'Closed now' : 'Hours not listed'}
        </span>
        {nearest !== null && <span className="distance">{nearest.toFixed(1)} km</span>}
        {s.same_day_intake && <span className="tag">Same-day intake</span>}
        {s.part2_program && (
          <span className="tag part2" title="A 42 CFR Part 2 program: referrals need written consent">
            Part 2 program
          </span>
        )}
      </p>
      {s.needs.length > 0 && <p>{s.needs.map(word).join(' · ')}</p>}
      {s.moud.length > 0 && <p>MOUD: {s.moud.join(', ')}</p>}
      {s.phones.length > 0 && (
        <p className="phones">
          {s.phones.map((p) => (
            <a key={p.number} href={telHref(p.number)}>
              {p.number}
            </a>
          ))}
        </p>
      )}
      {s.locations.map((l) => (
        <p key={l.id} className="muted">
          {[l.name, l.address].filter(Boolean).join(', ') || 'Place without an address'}
          {l.distance_km !== null ? ` (${l.distance_km.toFixed(1)} km)` : ''}
        </p>
      ))}
      {s.schedule_text && <p>Hours: {s.schedule_text}</p>}
      {s.walk_in_hours && <p>Walk-in: {s.walk_in_hours}</p>}
      {s.languages.length > 0 && <p>Languages: {s.languages.join(', ')}</p>}
      {s.insurance.length > 0 && <p>Insurance: {s.insurance.map(word).join(', ')}</p>}
      {s.cost && <p>Cost: {s.cost}</p>}
    </li>
  );
}
