import type { TBooking, TBookingStatus } from '@slotwise/contracts';
import { useIsMutating } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useState, type ComponentType } from 'react';
import { useSearchParams } from 'react-router';
import { toast } from 'sonner';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Button } from '../../../ui/Button';
import { EmptyState } from '../../../ui/EmptyState';
import { CalendarIcon, PlusIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { Skeleton, Spinner } from '../../../ui/Spinner';
import { useSession } from '../../../lib/session';
import { bookingMutationKeys } from '../../../lib/bookings/keys';
import { useBookingRange, usePendingBookingIds, useRescheduleBooking } from '../../../lib/bookings/hooks';
import { useResources, useWeeklyHoursOfResources } from '../../../lib/catalog';
import { usePollInterval } from '../api';
import { openingHoursChecker } from '../business-hours';
import type { CalendarResource } from '../components/calendar-types';
import { CalendarFilters } from '../components/CalendarFilters';
import { NewBookingDialog, type NewBookingDraft } from '../components/NewBookingDialog';
import { StatusLegend } from '../components/StatusLegend';
import '../components/calendar.css';
import { browserTimeZone, formatInstantDate, fromWall, isoDateOfWall, timeInZone, toWall, wallDateOf } from '../../../lib/time';
import { type CalendarView, fetchRange } from '../view-range';

const VIEWS: readonly CalendarView[] = ['month', 'week', 'day', 'agenda'];

// react-big-calendar is most of this page's code: the header and filters show while it loads.
const BookingCalendar = lazy(async () => ({ default: (await import('../components/BookingCalendar')).BookingCalendar }));
const WITH_CANCELLED: readonly TBookingStatus[] = ['PENDING_PAYMENT', 'CONFIRMED', 'COMPLETED', 'NO_SHOW', 'CANCELLED'];
const WITHOUT_CANCELLED: readonly TBookingStatus[] = ['PENDING_PAYMENT', 'CONFIRMED', 'COMPLETED', 'NO_SHOW'];
/** One booking in a side panel; closed while `bookingId` is undefined. */
type BookingDetailsComponent = ComponentType<{ bookingId: string | undefined; onClose: () => void }>;

const VIEWER_ZONE = browserTimeZone();

/**
 * The team's bookings by month, week, day or as a list, in the business's time zone (or the
 * viewer's). Bookings can be opened, dragged to another time, and new ones made by picking an
 * empty time. The view, date and filters live in the address, so a view can be shared.
 * `BookingDetails` shows the open booking: the bookings feature's panel, passed in by the app
 * (app/routes/CalendarRoute), as features do not import each other.
 */
export function CalendarPage({ BookingDetails }: { BookingDetails: BookingDetailsComponent }) {
  useDocumentTitle('Calendar');
  const { tenant } = useSession();
  const [params, setParams] = useSearchParams();
  const [defaultView] = useState<CalendarView>(() => (window.matchMedia?.('(max-width: 640px)').matches ? 'agenda' : 'week'));

  const viewParam = params.get('view') as CalendarView | null;
  const view = viewParam && VIEWS.includes(viewParam) ? viewParam : defaultView;
  const zoneChoice = params.get('zone') === 'mine' ? 'mine' : 'business';
  const displayZone = zoneChoice === 'mine' ? VIEWER_ZONE : tenant.timeZone;
  const date = wallDateOf(params.get('date') ?? '') ?? startOfToday(displayZone);
  const resourceFilter = params.get('resource') ?? '';
  const showCancelled = params.get('cancelled') !== 'hide';
  const openBookingId = params.get('booking') ?? undefined;

  const update = useCallback(
    (changes: Record<string, string | null>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        // Straight from user input: the controls follow the address, so no transition delay.
        { replace: true, flushSync: true },
      ),
    [setParams],
  );

  const resourcesQuery = useResources();
  const resources = useMemo(() => resourcesQuery.data?.body.items ?? [], [resourcesQuery.data]);
  const shownResources = useMemo(
    () => (resourceFilter ? resources.filter((resource) => resource.id === resourceFilter) : resources),
    [resources, resourceFilter],
  );
  const weeklyHours = useWeeklyHoursOfResources(shownResources.map((resource) => resource.id));
  const isOpen = useMemo(
    () =>
      openingHoursChecker(
        shownResources.flatMap((resource, index) => {
          const rules = weeklyHours[index];
          return rules ? [{ resourceId: resource.id, timeZone: resource.timeZone, rules }] : [];
        }),
        displayZone,
      ),
    [shownResources, weeklyHours, displayZone],
  );

  const range = fetchRange(view, date, displayZone, tenant.timeZone);
  const changing = useIsMutating({ mutationKey: bookingMutationKeys.all }) > 0;
  const pollMs = usePollInterval();
  const bookings = useBookingRange(
    {
      from: range.from,
      to: range.to,
      ...(resourceFilter ? { resourceId: resourceFilter } : {}),
      status: showCancelled ? WITH_CANCELLED : WITHOUT_CANCELLED,
    },
    // A poll while a change is on its way would briefly show the booking where it was.
    { pollMs: changing ? false : pollMs, rangeEndsAt: range.endsAt },
  );
  const pendingIds = usePendingBookingIds();
  const reschedule = useRescheduleBooking({
    onSuccess: (moved) =>
      toast.success(`Moved ${moved.customer.name} to ${formatInstantDate(moved.startsAt, displayZone)}, ${timeInZone(moved.startsAt, displayZone)}`),
  });
  const [draft, setDraft] = useState<NewBookingDraft>();

  const calendarResources = useMemo<CalendarResource[] | undefined>(
    () => (view === 'day' && shownResources.length > 0 ? shownResources.map(({ id, name }) => ({ id, name })) : undefined),
    [view, shownResources],
  );

  const moveBooking = (booking: TBooking, wall: Date, resourceId: string | undefined) => {
    const resource = resourceId ? resources.find((item) => item.id === resourceId) : undefined;
    const startsAt = fromWall(wall, displayZone);
    reschedule.mutate({ id: booking.id, startsAt, ...(resource ? { resource: { id: resource.id, name: resource.name } } : {}) });
  };

  const noResources = resourcesQuery.isSuccess && resources.length === 0;
  const items = bookings.data?.body.items ?? [];

  return (
    <div className="calendar-page">
      <PageHeader
        title="Calendar"
        description="Your team's appointments. Drag a booking to move it, or pick an empty time to add one."
        actions={
          <Button
            variant="primary"
            onClick={() => setDraft({ start: nextHalfHour(displayZone), resourceId: resourceFilter || undefined })}
            disabled={noResources}
          >
            <PlusIcon size={18} />
            New booking
          </Button>
        }
      />

      <CalendarFilters
        resources={resources}
        resourcesLoading={resourcesQuery.isPending}
        resourceId={resourceFilter}
        onResourceChange={(id) => update({ resource: id })}
        businessZone={tenant.timeZone}
        viewerZone={VIEWER_ZONE}
        zoneChoice={zoneChoice}
        onZoneChange={(choice) => update({ zone: choice === 'mine' ? 'mine' : null })}
        showCancelled={showCancelled}
        onShowCancelledChange={(show) => update({ cancelled: show ? null : 'hide' })}
      />

      {resourcesQuery.isError && (
        <ApiErrorState
          error={resourcesQuery.error}
          title="Your team could not be loaded"
          onRetry={() => void resourcesQuery.refetch()}
          retrying={resourcesQuery.isFetching}
        />
      )}

      {noResources ? (
        <div className="calendar-card">
          <EmptyState
            icon={<CalendarIcon size={24} />}
            title="Nobody to book yet"
            description="Add the people, rooms or equipment your customers book, with their opening hours and services. Their bookings show up here."
          />
        </div>
      ) : (
        <div className="calendar-card">
          <div className="calendar-card__status">
            <StatusLegend />
            <p className="calendar-card__sync" aria-live="off">
              {bookings.isFetching ? (
                <>
                  <Spinner size="sm" /> Updating…
                </>
              ) : bookings.dataUpdatedAt ? (
                `Updated ${timeInZone(new Date(bookings.dataUpdatedAt).toISOString(), displayZone)}`
              ) : null}
            </p>
          </div>

          {bookings.isError && (
            <div className="calendar-card__error">
              <ApiErrorState
                error={bookings.error}
                title={bookings.data ? 'The calendar could not be refreshed' : 'Bookings could not be loaded'}
                onRetry={() => void bookings.refetch()}
                retrying={bookings.isFetching}
              />
            </div>
          )}
          {bookings.isSuccess && items.length === 0 && !bookings.isPlaceholderData && (
            <p className="calendar-card__empty" role="status">
              No bookings in these dates yet. Pick an empty time to add one.
            </p>
          )}

          <div className="calendar-card__body" aria-busy={bookings.isPending}>
            <Suspense fallback={<CalendarSkeleton />}>
              <BookingCalendar
                bookings={items}
                pendingIds={pendingIds}
                displayZone={displayZone}
                view={view}
                date={date}
                resources={calendarResources}
                isOpen={isOpen}
                onView={(next) => update({ view: next })}
                onNavigate={(next) => update({ date: isoDateOfWall(next) })}
                onSelectBooking={(booking) => update({ booking: booking.id })}
                onSelectRange={({ start, resourceId, wholeDay }) =>
                  setDraft({
                    start: wholeDay ? new Date(start.getFullYear(), start.getMonth(), start.getDate(), 9) : start,
                    resourceId: resourceId ?? (resourceFilter || undefined),
                  })
                }
                onMove={moveBooking}
              />
            </Suspense>
            {bookings.isPending && (
              <div className="calendar-card__loading" role="status">
                <Spinner /> Loading bookings…
              </div>
            )}
          </div>
        </div>
      )}

      <BookingDetails bookingId={openBookingId} onClose={() => update({ booking: null })} />
      <NewBookingDialog
        draft={draft}
        displayZone={displayZone}
        resources={resources}
        onClose={() => setDraft(undefined)}
        onCreated={() => setDraft(undefined)}
      />
    </div>
  );
}

function CalendarSkeleton() {
  return (
    <div className="calendar-skeleton" aria-hidden="true">
      <Skeleton width="100%" height="36px" />
      <Skeleton width="100%" height="100%" />
    </div>
  );
}

function startOfToday(zone: string): Date {
  const now = toWall(Date.now(), zone);
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** The next :00 or :30 in `zone`, as wall-clock time: where a new booking starts by default. */
function nextHalfHour(zone: string): Date {
  const now = toWall(Date.now(), zone);
  const minutes = now.getMinutes() < 30 ? 30 : 60;
  return new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours(), minutes);
}
