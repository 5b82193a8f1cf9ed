import type { TInsights } from '@slotwise/contracts';
import { formatMoney } from '../../../lib/format';
import { Card } from '../../../ui/Card';
import { bookingsCsv, revenueCsv, revenueLines } from '../csv';
import { formatRate, shareOf } from '../format';
import { CsvButton } from './CsvButton';
import '../../../ui/booking-status.css';

/** The headline numbers of the period, one small card each. */
export function KpiGrid({ insights: i }: { insights: TInsights }) {
  const money = (minor: number) => formatMoney(minor, i.currency);
  const kpis = [
    { label: 'Bookings made', value: String(i.bookings.made), note: `${i.bookings.starting} starting in the period` },
    { label: 'Attended', value: String(i.bookings.attended), note: `${i.bookings.upcoming} upcoming, ${i.bookings.unmarked} not marked yet` },
    { label: 'Net revenue', value: money(i.revenue.netMinor), note: `${money(i.revenue.grossMinor)} received online` },
    { label: 'Cancellation rate', value: formatRate(i.bookings.cancellationRate), note: `${i.bookings.cancelled} cancelled` },
    { label: 'No-show rate', value: formatRate(i.bookings.noShowRate), note: `${i.bookings.noShow} ${i.bookings.noShow === 1 ? 'no-show' : 'no-shows'}` },
    {
      label: 'Deposits outstanding',
      value: money(i.deposits.outstandingMinor),
      note: `${i.deposits.outstanding} ${i.deposits.outstanding === 1 ? 'balance' : 'balances'} to collect`,
    },
  ];
  return (
    <ul className="insights-kpis" aria-label="Key figures">
      {kpis.map((k) => (
        <li key={k.label} className="insights-kpi">
          <span className="insights-kpi__label">{k.label}</span>
          <span className="insights-kpi__value">{k.value}</span>
          <span className="insights-kpi__note">{k.note}</span>
        </li>
      ))}
    </ul>
  );
}

/** Money in and out of the period, down to the net; other currencies listed apart. */
export function RevenueBreakdown({ insights: i }: { insights: TInsights }) {
  return (
    <Card title="Revenue" actions={<CsvButton what="the revenue breakdown" file={() => revenueCsv(i)} />} className="insights-revenue">
      <MoneyLines money={i.revenue} />
      <p className="insights-footnote">
        {i.revenue.payments} {i.revenue.payments === 1 ? 'payment' : 'payments'} and {i.revenue.refunds} {i.revenue.refunds === 1 ? 'refund' : 'refunds'}, each
        on the day it happened. Slotwise fees are taken by Stripe from each payment.
      </p>
      {i.otherCurrencies.map((m) => (
        <div key={m.currency} className="insights-other-currency">
          <h3 className="insights-subheading">In {m.currency} (a former currency, not in the figures above)</h3>
          <MoneyLines money={m} />
        </div>
      ))}
    </Card>
  );
}

function MoneyLines({ money: m }: { money: TInsights['revenue'] }) {
  return (
    <dl className="insights-money">
      {revenueLines(m).map((line) => (
        <div key={line.label} className={line.net ? 'insights-money__line insights-money__line--net' : 'insights-money__line'}>
          <dt>{line.label}</dt>
          <dd className={line.minor < 0 ? 'insights-money__out' : undefined}>{formatMoney(line.minor, m.currency)}</dd>
        </div>
      ))}
    </dl>
  );
}

const STATUS_PARTS = [
  { key: 'attended', label: 'Attended' },
  { key: 'upcoming', label: 'Upcoming' },
  { key: 'unmarked', label: 'Not marked yet' },
  { key: 'noShow', label: 'No-show' },
  { key: 'cancelled', label: 'Cancelled' },
] as const;

/** What became of the bookings starting in the period, as one stacked bar with its legend. */
export function BookingsBreakdown({ insights: i }: { insights: TInsights }) {
  const b = i.bookings;
  return (
    <Card title="Bookings starting in the period" actions={<CsvButton what="the bookings figures" file={() => bookingsCsv(i)} />}>
      <div className="insights-stack" aria-hidden="true">
        {STATUS_PARTS.map(({ key }) =>
          b[key] > 0 ? <span key={key} className={`insights-stack__part insights-status--${key}`} style={{ flexGrow: shareOf(b[key], b.starting) }} /> : null,
        )}
      </div>
      <ul className="insights-legend">
        {STATUS_PARTS.map(({ key, label }) => (
          <li key={key}>
            <span className={`insights-legend__swatch insights-status--${key}`} aria-hidden="true" />
            <span className="insights-legend__label">{label}</span>
            <span className="insights-legend__value">{b[key]}</span>
          </li>
        ))}
        <li className="insights-legend__total">
          <span className="insights-legend__label">Total</span>
          <span className="insights-legend__value">{b.starting}</span>
        </li>
      </ul>
    </Card>
  );
}
