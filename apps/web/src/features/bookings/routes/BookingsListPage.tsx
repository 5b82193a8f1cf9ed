import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Button, buttonClassName } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { BookingsIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { Skeleton, Spinner } from '../../../ui/Spinner';
import { useSession } from '../../../lib/session';
import { useResources, useServices } from '../../../lib/catalog';
import { BookingDetailsPanel } from '../components/BookingDetailsPanel';
import { BookingsFilters } from '../list/BookingsFilters';
import { BookingsTable } from '../list/BookingsTable';
import { ExportButton } from '../list/ExportButton';
import { DEFAULT_FILTERS, readFilters, toApiFilters, writeFilters, type ListFilters } from '../list/filters';
import { useBookingPages } from '../list/useBookingPages';
import '../../../ui/DataTable.css';
import '../list/bookings-list.css';
import { todayIn } from '../../../lib/time';

/**
 * Every booking, filtered by date, status, resource, service and customer, by start time
 * earliest or latest first (the API pages in either order: `order=asc|desc`), with a CSV export
 * of the same filters.
 */
export function BookingsListPage() {
  useDocumentTitle('Bookings');
  const { tenant } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const today = todayIn(tenant.timeZone);
  const apiFilters = toApiFilters(filters, today);
  const latestFirst = apiFilters.order === 'desc';
  const list = useBookingPages(apiFilters);
  const resources = useResources({ includeInactive: true });
  const services = useServices({ includeArchived: true });
  const openId = params.get('booking');

  // `immediate` (a click or a choice in the bar): the controls are driven by the address, so the
  // update must not wait in a transition, or a status chip springs back until it commits.
  const changeFilters = useCallback(
    (next: ListFilters, opts: { immediate?: boolean } = {}) =>
      setParams((current) => writeFilters(next, current), { replace: true, ...(opts.immediate ? { flushSync: true } : {}) }),
    [setParams],
  );
  const setOpen = (id: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (id) next.set('booking', id);
      else next.delete('booking');
      return next;
    });

  const fileName = `bookings-${apiFilters.from ?? 'start'}-to-${apiFilters.to ?? 'end'}.csv`;

  return (
    <>
      <PageHeader
        title="Bookings"
        description={`Every appointment, past and upcoming. Times are in ${tenant.timeZone.replaceAll('_', ' ')}.`}
        actions={<ExportButton filters={apiFilters} timeZone={tenant.timeZone} fileName={fileName} />}
      />
      <Card className="data-card bookings-card">
        <BookingsFilters filters={filters} onChange={changeFilters} resources={resources.data?.body.items ?? []} services={services.data?.body.items ?? []} />
        <div className="bookings-summary" role="status">
          {list.isPending ? (
            'Loading…'
          ) : list.isRefreshing ? (
            <>
              <Spinner size="sm" /> Updating…
            </>
          ) : (
            <>
              {list.items.length}
              {list.hasMore ? '+' : ''} {list.items.length === 1 ? 'booking' : 'bookings'}
              <span className="bookings-summary__sort"> · sorted by start time, {latestFirst ? 'latest' : 'earliest'} first</span>
            </>
          )}
        </div>
        {list.isPending ? (
          <div className="table-skeleton" aria-busy="true">
            {[76, 64, 70, 58, 66].map((width) => (
              <Skeleton key={width} width={`${width}%`} height="20px" />
            ))}
          </div>
        ) : list.error ? (
          <ApiErrorState error={list.error} title="Bookings could not be loaded" onRetry={list.retry} headingLevel={3} />
        ) : list.items.length === 0 ? (
          narrowed(filters) ? (
            <EmptyState
              icon={<BookingsIcon size={24} />}
              title="No bookings match these filters"
              description="Try another date range or status, or clear the filters."
              action={<Button onClick={() => changeFilters(DEFAULT_FILTERS)}>Clear filters</Button>}
              headingLevel={3}
            />
          ) : (
            <EmptyState
              icon={<BookingsIcon size={24} />}
              title={filters.range === 'upcoming' ? 'No upcoming bookings' : 'No bookings in this period'}
              description="Bookings made on your booking page or by your team show up here. Share your booking link to get the first ones."
              action={
                <Link to="/calendar" className={buttonClassName('secondary')}>
                  Open the calendar
                </Link>
              }
              headingLevel={3}
            />
          )
        ) : (
          <>
            <BookingsTable bookings={list.items} timeZone={tenant.timeZone} latestFirst={latestFirst} openId={openId} onOpen={setOpen} />
            {(list.hasMore || list.isLoadingMore || list.loadMoreFailed) && (
              <div className="table-footer">
                {list.loadMoreFailed ? <span role="alert">The next bookings could not be loaded.</span> : <span>Showing {list.items.length}</span>}
                <Button busy={list.isLoadingMore} onClick={list.loadMore}>
                  {list.isLoadingMore ? 'Loading…' : list.loadMoreFailed ? 'Try again' : 'Load more'}
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
      <BookingDetailsPanel bookingId={openId ?? undefined} onClose={() => setOpen(null)} />
    </>
  );
}

/** Filters beyond the date range: an empty list then says "nothing matches" rather than "nothing booked". */
function narrowed(filters: ListFilters): boolean {
  return filters.status.length > 0 || Boolean(filters.resourceId || filters.serviceId || filters.q.trim());
}
