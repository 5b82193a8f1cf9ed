import type { TInsights } from '@slotwise/contracts';
import { useSession } from '../../../lib/session';
import { formatLongDate, todayIn, zoneCity } from '../../../lib/time';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useFilterParams } from '../../../lib/useFilterParams';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { LockIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { Skeleton } from '../../../ui/Spinner';
import { useInsights } from '../api';
import { DailyChart } from '../components/DailyChart';
import { BookingsBreakdown, KpiGrid, RevenueBreakdown } from '../components/Figures';
import { HeatMap } from '../components/HeatMap';
import { PeriodPicker } from '../components/PeriodPicker';
import { BusiestDays, TopServices } from '../components/Rankings';
import { customPeriodProblem, isPeriodPreset, presetPeriod, type Period, type PeriodPreset } from '../period';
import '../insights.css';

/** Insights: how the business did over a period — bookings, money, busy times. Owners and admins. */
export function InsightsPage() {
  useDocumentTitle('Insights');
  const { role, tenant } = useSession();
  const allowed = role === 'OWNER' || role === 'ADMIN';
  return (
    <>
      <PageHeader title="Insights" description={`Bookings, money and busy times over a period, in ${zoneCity(tenant.timeZone)} time and ${tenant.currency}.`} />
      {allowed ? (
        <InsightsView />
      ) : (
        <Card>
          <EmptyState icon={<LockIcon size={24} />} title="You don't have access to this" description="Admins and owners can see insights." />
        </Card>
      )}
    </>
  );
}

function InsightsView() {
  const { tenant } = useSession();
  const { params, setFilter } = useFilterParams();
  const asked = params.get('period');
  const preset: PeriodPreset = isPeriodPreset(asked) ? asked : 'this-month';
  const today = todayIn(tenant.timeZone);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const problem = preset === 'custom' ? customPeriodProblem(from, to) : null;
  const period: Period | null = preset === 'custom' ? (problem ? null : { from, to }) : presetPeriod(preset, today);
  const query = useInsights(period);

  function choosePreset(next: PeriodPreset) {
    if (next === 'custom' && period) {
      // Start from the dates on screen, so the figures stay while the person adjusts them.
      setFilter('from', period.from);
      setFilter('to', period.to);
    }
    setFilter('period', next === 'this-month' ? '' : next);
  }
  function chooseDates(nextFrom: string, nextTo: string) {
    setFilter('from', nextFrom);
    setFilter('to', nextTo);
  }

  return (
    <div className="insights">
      <div className="insights-toolbar">
        <PeriodPicker preset={preset} from={from} to={to} problem={problem} onPreset={choosePreset} onDates={chooseDates} />
        {period && (
          <p className="insights-toolbar__period" aria-live="polite">
            {formatLongDate(period.from)} – {formatLongDate(period.to)}
            {query.isFetching && query.data ? ' · updating…' : ''}
          </p>
        )}
      </div>
      {!period ? null : query.isPending ? (
        <InsightsSkeleton />
      ) : !query.data ? (
        <Card>
          <ApiErrorState
            error={query.error}
            title="Insights could not be loaded"
            onRetry={() => void query.refetch()}
            retrying={query.isFetching}
            headingLevel={3}
          />
        </Card>
      ) : (
        <Figures insights={query.data.body} />
      )}
    </div>
  );
}

function Figures({ insights }: { insights: TInsights }) {
  return (
    <>
      {isQuiet(insights) && (
        <p className="insights-quiet" role="status">
          Nothing happened in this period yet: no bookings made or starting, and no money received or returned.
        </p>
      )}
      <KpiGrid insights={insights} />
      <div className="insights-columns">
        <RevenueBreakdown insights={insights} />
        <BookingsBreakdown insights={insights} />
      </div>
      <DailyChart insights={insights} />
      <HeatMap insights={insights} />
      <div className="insights-columns">
        <TopServices insights={insights} />
        <BusiestDays insights={insights} />
      </div>
    </>
  );
}

const isQuiet = (i: TInsights) =>
  i.bookings.made === 0 &&
  i.bookings.starting === 0 &&
  [i.revenue, ...i.otherCurrencies].every((m) => m.payments === 0 && m.refunds === 0 && m.balancePaidMinor === 0);

function InsightsSkeleton() {
  return (
    <div className="insights-loading" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading insights…
      </span>
      <div className="insights-kpis">
        {Array.from({ length: 6 }, (_, n) => (
          <Skeleton key={n} height="92px" className="insights-kpi" />
        ))}
      </div>
      <Skeleton height="260px" />
    </div>
  );
}
