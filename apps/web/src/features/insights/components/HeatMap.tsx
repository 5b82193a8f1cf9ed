import type { TInsights } from '@slotwise/contracts';
import type { CSSProperties } from 'react';
import { weekdayNames } from '../../../lib/time';
import { Card } from '../../../ui/Card';
import { heatMapCsv } from '../csv';
import { hourLabel, shareOf } from '../format';
import { CsvButton } from './CsvButton';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * Bookings by weekday and hour of their start, in the business's time zone: a 7 × 24 table
 * whose cells darken with the count (each cell also shows it, so nothing depends on colour).
 */
export function HeatMap({ insights: i }: { insights: TInsights }) {
  const days = weekdayNames(1); // the API's rows run Monday to Sunday
  const max = Math.max(0, ...i.heatMap.flat());
  return (
    <Card
      title="Busiest hours"
      actions={
        <CsvButton
          what="the busiest hours"
          file={() =>
            heatMapCsv(
              i,
              days.map((d) => d.long),
            )
          }
        />
      }
    >
      <p className="card-intro">Bookings starting, by weekday and hour ({i.timeZone} time); cancelled ones are left out.</p>
      {/* Scrolls sideways on narrow screens; focusable so a keyboard can scroll it too. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard */}
      <div className="insights-scroll" tabIndex={0} role="region" aria-label="Busiest hours table">
        <table className="insights-heat__table">
          <caption className="visually-hidden">Bookings starting by weekday (rows) and hour (columns)</caption>
          <thead>
            <tr>
              <td />
              {HOURS.map((h) => (
                <th key={h} scope="col" className="insights-heat__hour">
                  <span aria-hidden="true">{h % 3 === 0 ? String(h).padStart(2, '0') : ''}</span>
                  <span className="visually-hidden">{hourLabel(h)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {i.heatMap.map((counts, d) => (
              <tr key={days[d]!.long}>
                <th scope="row" className="insights-heat__day">
                  <abbr title={days[d]!.long}>{days[d]!.short}</abbr>
                </th>
                {counts.map((n, h) => (
                  <td
                    key={h}
                    className="insights-heat__cell"
                    style={{ '--level': shareOf(n, max) } as CSSProperties}
                    title={`${days[d]!.long} ${hourLabel(h)}: ${n} ${n === 1 ? 'booking' : 'bookings'}`}
                  >
                    {n > 0 ? n : ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
