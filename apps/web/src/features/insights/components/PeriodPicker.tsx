import { TextField } from '../../../ui/Field';
import { PERIOD_PRESETS, PRESET_LABELS, type PeriodPreset } from '../period';

type PeriodPickerProps = {
  preset: PeriodPreset;
  from: string;
  to: string;
  /** Why the custom dates cannot be shown, if so. */
  problem: string | null;
  onPreset: (preset: PeriodPreset) => void;
  onDates: (from: string, to: string) => void;
};

/** The period of the revenue view: a preset, or a first and a last day of one's own. */
export function PeriodPicker({ preset, from, to, problem, onPreset, onDates }: PeriodPickerProps) {
  return (
    <form className="insights-period" aria-label="Period" onSubmit={(event) => event.preventDefault()}>
      <fieldset className="insights-period__presets">
        <legend className="visually-hidden">Period</legend>
        {PERIOD_PRESETS.map((p) => (
          <label key={p} className="insights-period__preset">
            <input type="radio" name="period" value={p} checked={preset === p} onChange={() => onPreset(p)} />
            <span>{PRESET_LABELS[p]}</span>
          </label>
        ))}
      </fieldset>
      {preset === 'custom' && (
        <div className="insights-period__dates">
          <TextField label="First day" type="date" value={from} max={to || undefined} onChange={(event) => onDates(event.target.value, to)} />
          <TextField
            label="Last day"
            type="date"
            value={to}
            min={from || undefined}
            error={problem ?? undefined}
            onChange={(event) => onDates(from, event.target.value)}
          />
        </div>
      )}
    </form>
  );
}
