import type { UserChoices } from '../../shared/api-responses';

/** The outreach programs a user works in, as checkboxes (only roles that work in programs have them). */
export function ProgramChoice({
  choices,
  chosen,
  onChange,
}: {
  choices: UserChoices;
  chosen: string[];
  onChange: (programIds: string[]) => void;
}) {
  if (choices.programs.length === 0) return null;
  return (
    <fieldset className="wide">
      <legend>Outreach programs</legend>
      {choices.programs.map((p) => (
        <label key={p.id} className="inline">
          <input
            type="checkbox"
            checked={chosen.includes(p.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, p.id] : chosen.filter((id) => id !== p.id))
            }
          />
          {p.name}
        </label>
      ))}
    </fieldset>
  );
}
