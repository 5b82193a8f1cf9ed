import type { TResource } from '@slotwise/contracts';
import { useId } from 'react';
import { zoneCity } from '../../../lib/time';

type CalendarFiltersProps = {
  resources: readonly TResource[];
  resourcesLoading: boolean;
  resourceId: string;
  onResourceChange: (id: string) => void;
  businessZone: string;
  viewerZone: string;
  zoneChoice: 'business' | 'mine';
  onZoneChange: (choice: 'business' | 'mine') => void;
  showCancelled: boolean;
  onShowCancelledChange: (show: boolean) => void;
};

/** Whose bookings, in which time zone, and whether cancelled ones show. */
export function CalendarFilters(props: CalendarFiltersProps) {
  const id = useId();
  const sameZone = props.businessZone === props.viewerZone;
  return (
    <div className="calendar-filters">
      <div className="calendar-filters__field">
        <label htmlFor={`${id}-resource`} className="calendar-filters__label">
          Showing
        </label>
        <select
          id={`${id}-resource`}
          className="field__control field__control--select calendar-filters__select"
          value={props.resourceId}
          disabled={props.resourcesLoading}
          onChange={(event) => props.onResourceChange(event.target.value)}
        >
          <option value="">{props.resourcesLoading ? 'Loading…' : 'Everyone'}</option>
          {props.resources.map((resource) => (
            <option key={resource.id} value={resource.id}>
              {resource.name}
            </option>
          ))}
        </select>
      </div>

      <div className="calendar-filters__field">
        <span className="calendar-filters__label" id={`${id}-zone`}>
          Time zone
        </span>
        {sameZone ? (
          <span className="calendar-filters__zone">{zoneCity(props.businessZone)}</span>
        ) : (
          <div className="segmented" role="group" aria-labelledby={`${id}-zone`}>
            <button type="button" className="segmented__option" aria-pressed={props.zoneChoice === 'business'} onClick={() => props.onZoneChange('business')}>
              Business ({zoneCity(props.businessZone)})
            </button>
            <button type="button" className="segmented__option" aria-pressed={props.zoneChoice === 'mine'} onClick={() => props.onZoneChange('mine')}>
              Mine ({zoneCity(props.viewerZone)})
            </button>
          </div>
        )}
      </div>

      <label className="calendar-filters__check">
        <input type="checkbox" checked={props.showCancelled} onChange={(event) => props.onShowCancelledChange(event.target.checked)} />
        Show cancelled and no-shows
      </label>
    </div>
  );
}
