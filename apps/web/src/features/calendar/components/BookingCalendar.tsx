import type { TBooking } from '@slotwise/contracts';
import { format } from 'date-fns/format';
import { getDay } from 'date-fns/getDay';
import { parse } from 'date-fns/parse';
import { startOfWeek } from 'date-fns/startOfWeek';
import { enGB } from 'date-fns/locale/en-GB';
import { useCallback, useMemo, type KeyboardEvent } from 'react';
import { Calendar, dateFnsLocalizer, type EventProps, type Formats, type SlotInfo } from 'react-big-calendar';
import withDragAndDropExport, { type EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop';
import 'react-big-calendar/lib/css/react-big-calendar.css';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import { BOOKING_STATUS, isReschedulable } from '../../../lib/booking-status';
import { openDispute, paymentMarker } from '../../../lib/payment-status';
import '../../../ui/booking-status.css';
import { Spinner } from '../../../ui/Spinner';
import type { CalendarEvent, CalendarResource } from './calendar-types';
import { CalendarToolbar } from './CalendarToolbar';
import './BookingCalendar.css';
import { AGENDA_LENGTH_DAYS, type CalendarView, WEEK_STARTS_ON } from '../view-range';
import { toWall } from '../../../lib/time';

const localizer = dateFnsLocalizer({
  format,
  parse,
  startOfWeek: (date: Date) => startOfWeek(date, { weekStartsOn: WEEK_STARTS_ON }),
  getDay,
  locales: { 'en-GB': enGB },
});

const timeRange = ({ start, end }: { start: Date; end: Date }) => `${format(start, 'HH:mm')}–${format(end, 'HH:mm')}`;
const formats: Formats = {
  timeGutterFormat: 'HH:mm',
  eventTimeRangeFormat: timeRange,
  agendaTimeRangeFormat: timeRange,
  agendaTimeFormat: 'HH:mm',
  selectRangeFormat: timeRange,
  dayFormat: 'EEE d',
  weekdayFormat: 'EEE',
  dayHeaderFormat: 'EEEE d MMMM yyyy',
  monthHeaderFormat: 'MMMM yyyy',
  agendaDateFormat: 'EEE d MMM',
  dayRangeHeaderFormat: ({ start, end }) =>
    start.getFullYear() === end.getFullYear()
      ? `${format(start, 'd MMM')} – ${format(end, 'd MMM yyyy')}`
      : `${format(start, 'd MMM yyyy')} – ${format(end, 'd MMM yyyy')}`,
  agendaHeaderFormat: ({ start, end }) => `${format(start, 'd MMM')} – ${format(end, 'd MMM yyyy')}`,
};

/**
 * The drag-and-drop addon ships only as CommonJS; the production bundle hands over its exports
 * object where the development server hands over the function itself.
 */
const withDragAndDrop: typeof withDragAndDropExport =
  typeof withDragAndDropExport === 'function' ? withDragAndDropExport : (withDragAndDropExport as { default: typeof withDragAndDropExport }).default;
const DnDCalendar = withDragAndDrop<CalendarEvent, CalendarResource>(Calendar);
const VIEWS: CalendarView[] = ['month', 'week', 'day', 'agenda'];

type BookingCalendarProps = {
  bookings: readonly TBooking[];
  pendingIds: ReadonlySet<string>;
  /** The zone the calendar shows its times in. */
  displayZone: string;
  view: CalendarView;
  /** A wall-clock date in the display zone inside the period shown. */
  date: Date;
  /** Resource columns of the day view; none for the other views. */
  resources: readonly CalendarResource[] | undefined;
  isOpen: (wall: Date, resourceId?: string | number | null) => boolean;
  onView: (view: CalendarView) => void;
  onNavigate: (date: Date) => void;
  onSelectBooking: (booking: TBooking) => void;
  /** An empty range was picked: `start` is wall-clock in the display zone. */
  onSelectRange: (range: { start: Date; end: Date; resourceId?: string; wholeDay: boolean }) => void;
  /** A booking was dropped somewhere else: `start` is wall-clock in the display zone. */
  onMove: (booking: TBooking, start: Date, resourceId: string | undefined) => void;
};

/** react-big-calendar with drag-and-drop, set up for bookings shown in `displayZone`. */
export function BookingCalendar(props: BookingCalendarProps) {
  const { bookings, pendingIds, displayZone, view, date, resources, isOpen, onSelectBooking, onSelectRange, onMove } = props;

  const events = useMemo<CalendarEvent[]>(
    () =>
      bookings.map((booking) => ({
        id: booking.id,
        title: `${booking.customer.name} · ${booking.service.name}`,
        start: toWall(booking.startsAt, displayZone),
        end: toWall(booking.endsAt, displayZone),
        resourceId: booking.resourceId,
        booking,
        saving: pendingIds.has(booking.id),
      })),
    [bookings, pendingIds, displayZone],
  );

  const eventPropGetter = useCallback(
    (event: CalendarEvent) => ({
      className: [
        'cal-event',
        `cal-event--${BOOKING_STATUS[event.booking.status].tone}`,
        event.saving && 'cal-event--saving',
        !canDrag(event) && 'cal-event--fixed',
        // A red ring: it shows even where an event is too narrow for its markers.
        openDispute(event.booking.payment) && 'cal-event--disputed',
      ]
        .filter(Boolean)
        .join(' '),
    }),
    [],
  );

  const slotPropGetter = useCallback(
    (wall: Date, resourceId?: string | number) => (isOpen(wall, resourceId) ? {} : { className: 'cal-slot--closed' }),
    [isOpen],
  );

  const getNow = useCallback(() => toWall(Date.now(), displayZone), [displayZone]);
  const scrollToTime = useMemo(() => firstHourToShow(events, date), [events, date]);

  const handleDrop = ({ event, start, resourceId }: EventInteractionArgs<CalendarEvent>) => {
    if (!canDrag(event)) return;
    const wall = typeof start === 'string' ? new Date(start) : start;
    const movedResource = resourceId != null && String(resourceId) !== event.resourceId ? String(resourceId) : undefined;
    if (wall.getTime() === event.start.getTime() && !movedResource) return;
    onMove(event.booking, wall, movedResource);
  };

  const handleSelectSlot = (slot: SlotInfo) => {
    onSelectRange({
      start: slot.start,
      end: slot.end,
      resourceId: slot.resourceId == null ? undefined : String(slot.resourceId),
      wholeDay: view === 'month',
    });
  };

  return (
    <div className={`booking-calendar booking-calendar--${view}`}>
      <DnDCalendar
        localizer={localizer}
        culture="en-GB"
        formats={formats}
        events={events}
        view={view}
        views={VIEWS}
        date={date}
        onView={(next) => props.onView(next as CalendarView)}
        onNavigate={props.onNavigate}
        getNow={getNow}
        step={30}
        timeslots={2}
        length={AGENDA_LENGTH_DAYS}
        scrollToTime={scrollToTime}
        popup
        selectable
        resizable={false}
        draggableAccessor={canDrag}
        resizableAccessor={() => false}
        onEventDrop={handleDrop}
        onSelectSlot={handleSelectSlot}
        onSelectEvent={(event) => onSelectBooking(event.booking)}
        onKeyPressEvent={(event, keyEvent) => {
          const key = (keyEvent as KeyboardEvent<HTMLElement>).key;
          if (key === 'Enter' || key === ' ') {
            keyEvent.preventDefault();
            onSelectBooking(event.booking);
          }
        }}
        eventPropGetter={eventPropGetter}
        slotPropGetter={slotPropGetter}
        resources={resources ? [...resources] : undefined}
        resourceAccessor="resourceId"
        resourceIdAccessor="id"
        resourceTitleAccessor="name"
        tooltipAccessor={(event) =>
          `${event.title} (${[BOOKING_STATUS[event.booking.status].label, MARKER_LABEL[paymentMarker(event.booking) ?? 'none'], openDispute(event.booking.payment) && 'Disputed'].filter(Boolean).join(', ')})`
        }
        components={{ toolbar: CalendarToolbar, event: EventContent }}
        messages={{ noEventsInRange: 'No bookings in these dates.', showMore: (count) => `+${count} more` }}
      />
    </div>
  );
}

function canDrag(event: CalendarEvent): boolean {
  return isReschedulable(event.booking) && !event.saving;
}

/** The payment marker's words: paid online, waiting for (or ran out of) payment, or refunded. */
const MARKER_LABEL = { paid: 'Paid', unpaid: 'Unpaid', refunded: 'Refunded', none: '' } as const;

function EventContent({ event }: EventProps<CalendarEvent>) {
  const marker = paymentMarker(event.booking);
  return (
    <span className="cal-event__content" data-booking-id={event.id}>
      <span className="cal-event__customer">
        {event.saving && <Spinner size="sm" />}
        {/* The month view has no time label of its own. */}
        <span className="cal-event__start">{format(event.start, 'HH:mm')}</span>
        {event.booking.customer.name}
        {marker && (
          <span className={`cal-event__pay cal-event__pay--${marker}`} data-testid="payment-marker">
            {MARKER_LABEL[marker]}
          </span>
        )}
        {openDispute(event.booking.payment) && (
          <span className="cal-event__pay cal-event__pay--disputed" data-testid="dispute-marker">
            Disputed
          </span>
        )}
      </span>
      <span className="cal-event__service">
        {event.booking.service.name} · {event.booking.resource.name}
      </span>
      <span className="visually-hidden">{`, ${BOOKING_STATUS[event.booking.status].label}${event.saving ? ', saving' : ''}`}</span>
    </span>
  );
}

/** Scroll the time grid to the earliest booking of the period, but not past 08:00. */
function firstHourToShow(events: readonly CalendarEvent[], date: Date): Date {
  const earliest = events.reduce((hour, event) => Math.min(hour, event.start.getHours()), 8);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate(), Math.max(0, earliest - 1), 0);
}
