import type { Filters } from '../../shared/filters';
import { label } from '../../shared/series';

/** The choices each filter offers, read from the data (so no list here drifts from the server's codes). */
export interface FilterOptions {
  layers: { id: string; name: string }[];
  areas: { id: string; name: string }[];
  sourceTypes: string[];
  substances: string[];
  caseDefinitions: string[];
}

function Select({
  name,
  title,
  value,
  options,
  onChange,
}: {
  name: string;
  title: string;
  value: string | null;
  options: { value: string; text: string }[];
  onChange: (value: string | null) => void;
}) {
  return (
    <label>
      {title}
      <select name={name} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The filters that apply to every view of the dashboard. */
export function FilterBar({
  filters,
  options,
  onChange,
}: {
  filters: Filters;
  options: FilterOptions;
  onChange: (next: Filters) => void;
}) {
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const codes = (values: string[]) => values.map((v) => ({ value: v, text: label(v) }));
  return (
    <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        From
        <input
          type="date"
          name="from"
          value={filters.from ?? ''}
          onChange={(e) => set({ from: e.target.value || null })}
        />
      </label>
      <label>
        To
        <input
          type="date"
          name="to"
          value={filters.to ?? ''}
          onChange={(e) => set({ to: e.target.value || null })}
        />
      </label>
      <label>
        Layer
        <select
          name="layer"
          value={filters.layer ?? ''}
          onChange={(e) => set({ layer: e.target.value || null, area: null })}
        >
          {options.layers.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <Select
        name="area"
        title="Area"
        value={filters.area}
        options={options.areas.map((a) => ({ value: a.id, text: a.name }))}
        onChange={(area) => set({ area })}
      />
      <Select
        name="sourceType"
        title="Source"
        value={filters.sourceType}
        options={codes(options.sourceTypes)}
        onChange={(sourceType) => set({ sourceType })}
      />
      <Select
        name="fatal"
        title="Outcome"
        value={filters.fatal}
        options={codes(['fatal', 'nonfatal', 'unknown'])}
        onChange={(fatal) => set({ fatal: fatal as Filters['fatal'] })}
      />
      <Select
        name="substance"
        title="Substance"
        value={filters.substance}
        options={codes(options.substances)}
        onChange={(substance) => set({ substance })}
      />
      <Select
        name="caseDefinition"
        title="Case definition"
        value={filters.caseDefinition}
        options={codes(options.caseDefinitions)}
        onChange={(caseDefinition) => set({ caseDefinition })}
      />
    </form>
  );
}
