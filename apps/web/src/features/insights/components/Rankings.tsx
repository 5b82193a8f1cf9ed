import type { TInsights } from '@slotwise/contracts';
import { formatMoney } from '../../../lib/format';
import { formatLongDate } from '../../../lib/time';
import { Card } from '../../../ui/Card';
import { busiestDaysCsv, topServicesCsv } from '../csv';
import { shareOf } from '../format';
import { CsvButton } from './CsvButton';
import '../../../ui/DataTable.css';

/** The services with the most bookings starting in the period, with what they brought in. */
export function TopServices({ insights: i }: { insights: TInsights }) {
  const most = Math.max(0, ...i.topServices.map((s) => s.bookings));
  return (
    <Card title="Top services" actions={<CsvButton what="the top services" file={() => topServicesCsv(i)} />}>
      {i.topServices.length === 0 ? (
        <p className="insights-none">No bookings or payments for any service in this period.</p>
      ) : (
        <table className="data-table insights-services">
          <caption className="visually-hidden">Top services by bookings</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col" className="insights-number">
                Bookings
              </th>
              <th scope="col" className="insights-number">
                Revenue
              </th>
            </tr>
          </thead>
          <tbody>
            {i.topServices.map((s) => (
              <tr key={s.serviceId}>
                <td className="data-table__primary">
                  {s.name}
                  <span className="insights-bar" aria-hidden="true">
                    <span style={{ width: `${shareOf(s.bookings, most) * 100}%` }} />
                  </span>
                </td>
                <td className="insights-number">{s.bookings}</td>
                <td className="insights-number">{formatMoney(s.revenueMinor, i.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="insights-footnote">Revenue: payments and balances received, less refunds, in the period.</p>
    </Card>
  );
}

/** The dates with the most bookings starting. */
export function BusiestDays({ insights: i }: { insights: TInsights }) {
  return (
    <Card title="Busiest days" actions={<CsvButton what="the busiest days" file={() => busiestDaysCsv(i)} />}>
      {i.busiestDays.length === 0 ? (
        <p className="insights-none">No bookings start in this period.</p>
      ) : (
        <ol className="insights-days">
          {i.busiestDays.map((d) => (
            <li key={d.date}>
              <span>{formatLongDate(d.date)}</span>
              <span className="insights-number">
                {d.bookings} {d.bookings === 1 ? 'booking' : 'bookings'}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
