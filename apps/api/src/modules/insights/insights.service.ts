import { INSIGHTS_MAX_DAYS, insightsPeriodDays, type TInsights, type TInsightsMoney, type TInsightsQuery } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { requireTenantId } from '../../platform/tenancy';
import { addDays, eachLocalDate, startOfLocalDay } from '../../platform/time';
import { createInsightsRepo, type MoneyFigureRows } from './insights.repo';

const BUSIEST_DAYS = 5;
const TOP_SERVICES = 10;

/** The revenue view (GET /v1/insights); every definition is in packages/contracts/src/insights.ts. */
export function createInsightsService(deps: Pick<AppDeps, 'sql' | 'tenants' | 'clock'>) {
  const repo = createInsightsRepo(deps);
  return {
    async get(q: TInsightsQuery): Promise<TInsights> {
      // The contract refuses these already; a caller inside the API gets the same answer.
      const days = insightsPeriodDays(q.from, q.to);
      if (days < 1 || days > INSIGHTS_MAX_DAYS) {
        throw new AppError('VALIDATION_FAILED', `The period must be 1 to ${INSIGHTS_MAX_DAYS} days`, [{ path: 'query.to', message: 'Out of range' }]);
      }
      const tenant = await deps.tenants.byId(requireTenantId());
      if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
      const timeZone = tenant.timeZone;
      const now = deps.clock.now();
      const { bookings: b, money: m } = await repo.figures({
        from: startOfLocalDay(q.from, timeZone),
        to: startOfLocalDay(addDays(q.to, 1), timeZone),
        timeZone,
        now,
      });
      const currency = b.currency;

      const [attended, upcoming, unmarked, cancelled, noShow] = b.counts;
      const starting = attended + upcoming + unmarked + cancelled + noShow;
      const rate = (n: number) => (starting === 0 ? null : Math.round((n / starting) * 10_000) / 10_000);

      const heatMap = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
      for (const [dow, hour, n] of b.heat) heatMap[dow]![hour] = n;

      const booked = new Map(b.booked);
      const made = new Map(b.made);
      const gross = new Map(m.gross);
      const daily = eachLocalDate(q.from, q.to).map((date) => ({
        date,
        bookings: booked.get(date) ?? 0,
        made: made.get(date) ?? 0,
        grossMinor: gross.get(date) ?? 0,
      }));
      const busiestDays = daily
        .filter((d) => d.bookings > 0)
        .sort((x, y) => y.bookings - x.bookings || x.date.localeCompare(y.date))
        .slice(0, BUSIEST_DAYS)
        .map(({ date, bookings }) => ({ date, bookings }));

      const services = new Map<string, { serviceId: string; name: string; bookings: number; revenueMinor: number }>();
      const service = (id: string, name: string) => services.get(id) ?? services.set(id, { serviceId: id, name, bookings: 0, revenueMinor: 0 }).get(id)!;
      for (const [id, name, n] of b.services) service(id, name).bookings = n;
      for (const [id, name, amount] of m.services) service(id, name).revenueMinor = amount;
      const topServices = [...services.values()]
        .sort((x, y) => y.bookings - x.bookings || y.revenueMinor - x.revenueMinor || x.name.localeCompare(y.name))
        .slice(0, TOP_SERVICES);

      const money = moneyByCurrency(m);
      return {
        from: q.from,
        to: q.to,
        timeZone,
        currency,
        generatedAt: now.toISOString(),
        bookings: {
          made: b.made.reduce((sum, [, n]) => sum + n, 0),
          starting,
          attended,
          upcoming,
          unmarked,
          cancelled,
          noShow,
          cancellationRate: rate(cancelled),
          noShowRate: rate(noShow),
        },
        revenue: money.get(currency) ?? emptyMoney(currency),
        otherCurrencies: [...money.values()].filter((x) => x.currency !== currency).sort((x, y) => x.currency.localeCompare(y.currency)),
        deposits: { outstanding: b.deposits[0], outstandingMinor: b.deposits[1] },
        heatMap,
        daily,
        busiestDays,
        topServices,
      };
    },
  };
}

function emptyMoney(currency: string): TInsightsMoney {
  return {
    currency,
    payments: 0,
    grossMinor: 0,
    platformFeesMinor: 0,
    refunds: 0,
    refundsMinor: 0,
    feeRefundsMinor: 0,
    disputesLost: 0,
    disputesLostMinor: 0,
    disputeFeesMinor: 0,
    balancePaidMinor: 0,
    netMinor: 0,
  };
}

/** The money statement's per-currency rows as one ZInsightsMoney per currency, net included. */
function moneyByCurrency(m: MoneyFigureRows): Map<string, TInsightsMoney> {
  const byCurrency = new Map<string, TInsightsMoney>();
  const of = (currency: string) => byCurrency.get(currency) ?? byCurrency.set(currency, emptyMoney(currency)).get(currency)!;
  for (const [currency, n, amount, fee] of m.paid) Object.assign(of(currency), { payments: n, grossMinor: amount, platformFeesMinor: fee });
  for (const [currency, amount] of m.balances) of(currency).balancePaidMinor = amount;
  for (const [currency, n, amount, fee] of m.refunds) Object.assign(of(currency), { refunds: n, refundsMinor: amount, feeRefundsMinor: fee });
  for (const [currency, n, amount, fees] of m.disputes) Object.assign(of(currency), { disputesLost: n, disputesLostMinor: amount, disputeFeesMinor: fees });
  for (const x of byCurrency.values()) {
    x.netMinor = x.grossMinor + x.balancePaidMinor - x.platformFeesMinor + x.feeRefundsMinor - x.refundsMinor - x.disputesLostMinor - x.disputeFeesMinor;
  }
  return byCurrency;
}
