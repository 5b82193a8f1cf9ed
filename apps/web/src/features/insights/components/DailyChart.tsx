import type { TInsights } from '@slotwise/contracts';
import { useState } from 'react';
import { formatMoney } from '../../../lib/format';
import { formatLongDate } from '../../../lib/time';
import { Card } from '../../../ui/Card';
import { dailyCsv } from '../csv';
import { AXIS_STEPS, axisStep, formatDayMonth, formatMoneyCompact } from '../format';
import { CsvButton } from './CsvButton';

type Metric = 'bookings' | 'gross';
const METRICS: { value: Metric; label: string }[] = [
  { value: 'bookings', label: 'Bookings starting' },
  { value: 'gross', label: 'Payments received' },
];

// The drawing's own units; the SVG scales to the card's width.
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 52, right: 8, top: 10, bottom: 26 };
const MAX_DATE_LABELS = 8;

/**
 * A bar per day of the period, for bookings or money: hand-written SVG (a chart library would
 * weigh 23–58 KB gzipped for what is a few dozen rectangles). Each bar says its date and value
 * on hover; the numbers themselves are in the CSV.
 */
export function DailyChart({ insights: i }: { insights: TInsights }) {
  const [metric, setMetric] = useState<Metric>('bookings');
  const values = i.daily.map((d) => (metric === 'bookings' ? d.bookings : d.grossMinor));
  const show = (v: number) => (metric === 'bookings' ? String(v) : formatMoney(v, i.currency));
  const axis = (v: number) => (metric === 'bookings' ? String(v) : formatMoneyCompact(v, i.currency));
  const step = axisStep(Math.max(0, ...values));
  const top = step * AXIS_STEPS;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, values.length);
  const barWidth = Math.max(1, slot * 0.72);
  const y = (v: number) => PAD.top + plotHeight - (v / top) * plotHeight;
  const labelEvery = Math.ceil(values.length / MAX_DATE_LABELS);
  const total = values.reduce((sum, v) => sum + v, 0);

  return (
    <Card title="Day by day" className="insights-daily" actions={<CsvButton what="the daily numbers" file={() => dailyCsv(i)} />}>
      <fieldset className="insights-toggle">
        <legend className="visually-hidden">Show</legend>
        {METRICS.map((m) => (
          <label key={m.value} className="insights-toggle__option">
            <input type="radio" name="daily-metric" value={m.value} checked={metric === m.value} onChange={() => setMetric(m.value)} />
            <span>{m.label}</span>
          </label>
        ))}
      </fieldset>
      {/* Scrolls sideways on narrow screens, where the drawing would shrink past reading. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard */}
      <div className="insights-scroll" tabIndex={0} role="region" aria-label="Day by day chart">
        <svg
          className={`insights-chart insights-chart--${metric}`}
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={`${METRICS.find((m) => m.value === metric)!.label} per day, ${formatDayMonth(i.from)} to ${formatDayMonth(i.to)}: ${show(total)} in all`}
        >
          {Array.from({ length: AXIS_STEPS + 1 }, (_, k) => (
            <g key={k} className="insights-chart__grid">
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(k * step)} y2={y(k * step)} />
              <text x={PAD.left - 6} y={y(k * step)} dy="0.32em" textAnchor="end">
                {axis(k * step)}
              </text>
            </g>
          ))}
          {values.map((v, n) => {
            const date = i.daily[n]!.date;
            return (
              <g key={date}>
                {v > 0 && (
                  <rect
                    className="insights-chart__bar"
                    x={PAD.left + n * slot + (slot - barWidth) / 2}
                    y={y(v)}
                    width={barWidth}
                    height={y(0) - y(v)}
                    rx={Math.min(2, barWidth / 3)}
                  >
                    <title>{`${formatLongDate(date)}: ${show(v)}`}</title>
                  </rect>
                )}
                {n % labelEvery === 0 && (
                  <text className="insights-chart__date" x={PAD.left + n * slot + slot / 2} y={HEIGHT - 8} textAnchor="middle">
                    {formatDayMonth(date)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
    </Card>
  );
}
