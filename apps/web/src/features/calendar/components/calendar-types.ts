import type { TBooking } from '@slotwise/contracts';

/** A booking as react-big-calendar lays it out: wall-clock start and end (lib/time's toWall). */
export type CalendarEvent = {
  id: string;
  title: string;
  start: Date;
  end: Date;
  resourceId: string;
  booking: TBooking;
  saving: boolean;
};
export type CalendarResource = { id: string; name: string };
