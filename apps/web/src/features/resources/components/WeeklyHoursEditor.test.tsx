import type { TWeeklyRule } from '@slotwise/contracts';
import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../../app/providers';
import { apiError, installFakeApi, json } from '../../../test/fake-api';
import { descriptionOf } from '../../../test/queries';
import { WeeklyHoursEditor } from './WeeklyHoursEditor';

const api = installFakeApi();
const RESOURCE_ID = '6f1c2e3d-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const HOURS = `/v1/resources/${RESOURCE_ID}/hours`;

function answerHours(rules: TWeeklyRule[]) {
  api.on(`GET ${HOURS}`, () => json(200, rules));
}

function renderEditor() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AppProviders queryClient={queryClient}>
      <WeeklyHoursEditor resourceId={RESOURCE_ID} timeZone="Europe/Lisbon" canEdit />
    </AppProviders>,
  );
}

const day = (name: string) => within(screen.getByRole('listitem', { name }));
const time = (label: string) => screen.getByLabelText<HTMLInputElement>(label);
/** What a person picks in a time input (the picker sets the whole value at once). */
const pick = (label: string, value: string) => fireEvent.change(time(label), { target: { value } });

describe('WeeklyHoursEditor', () => {
  it('adds and removes ranges, copies Monday to the weekdays and saves the whole week', async () => {
    answerHours([{ weekday: 1, start: '09:00', end: '17:00' }]);
    let saved: unknown;
    api.on(`PUT ${HOURS}`, (request) => {
      saved = request.body;
      return json(200, request.body);
    });
    renderEditor();

    expect((await screen.findByLabelText<HTMLInputElement>('Monday range 1 start')).value).toBe('09:00');
    expect(time('Monday range 1 end').value).toBe('17:00');
    expect(day('Tuesday').getByText('Closed')).toBeDefined();

    await userEvent.click(screen.getByRole('button', { name: 'Add hours on Monday' }));
    expect(time('Monday range 2 start').value).toBe('17:00');
    expect(time('Monday range 2 end').value).toBe('18:00');
    await userEvent.click(screen.getByRole('button', { name: 'Remove Monday range 2' }));
    expect(screen.queryByLabelText('Monday range 2 start')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Add hours on Saturday' }));
    pick('Saturday range 1 start', '10:00');
    pick('Saturday range 1 end', '14:00');
    await userEvent.click(screen.getByRole('button', { name: 'Copy Monday to weekdays' }));
    expect(time('Friday range 1 start').value).toBe('09:00');
    expect(screen.getByRole('status', { name: '' }).textContent).toContain('Unsaved changes');

    await userEvent.click(screen.getByRole('button', { name: 'Save hours' }));

    await expect
      .poll(() => saved)
      .toEqual([
        { weekday: 1, start: '09:00', end: '17:00' },
        { weekday: 2, start: '09:00', end: '17:00' },
        { weekday: 3, start: '09:00', end: '17:00' },
        { weekday: 4, start: '09:00', end: '17:00' },
        { weekday: 5, start: '09:00', end: '17:00' },
        { weekday: 6, start: '10:00', end: '14:00' },
      ]);
    expect(day('Sunday').getByText('Closed')).toBeDefined();
  });

  it('sends midnight as the end of the day', async () => {
    answerHours([]);
    api.on(`PUT ${HOURS}`, (request) => json(200, request.body));
    renderEditor();

    await userEvent.click(await screen.findByRole('button', { name: 'Add hours on Friday' }));
    pick('Friday range 1 start', '18:00');
    pick('Friday range 1 end', '00:00');
    await userEvent.click(screen.getByRole('button', { name: 'Save hours' }));

    await expect.poll(() => api.requestsTo(`PUT ${HOURS}`)[0]?.body).toEqual([{ weekday: 5, start: '18:00', end: '24:00' }]);
  });

  it('shows an overlap and an end before the start next to the range, and sends nothing', async () => {
    answerHours([{ weekday: 1, start: '09:00', end: '17:00' }]);
    renderEditor();

    await userEvent.click(await screen.findByRole('button', { name: 'Add hours on Monday' }));
    pick('Monday range 2 start', '12:00');
    expect(descriptionOf(time('Monday range 2 start'))).toBe('Overlaps 09:00–17:00');
    expect(time('Monday range 2 start').getAttribute('aria-invalid')).toBe('true');
    expect(time('Monday range 1 start').getAttribute('aria-invalid')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Add hours on Tuesday' }));
    pick('Tuesday range 1 end', '08:00');
    expect(descriptionOf(time('Tuesday range 1 end'))).toBe('The end must be after the start');

    await userEvent.click(screen.getByRole('button', { name: 'Save hours' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Some hours need fixing before they can be saved.');
    expect(api.requestsTo(`PUT ${HOURS}`)).toHaveLength(0);

    pick('Monday range 2 start', '17:00');
    expect(descriptionOf(time('Monday range 2 start'))).toBe('');
  });

  it("puts the API's 400 details on the row they name", async () => {
    answerHours([
      { weekday: 3, start: '10:00', end: '11:00' },
      { weekday: 1, start: '09:00', end: '12:00' },
    ]);
    api.on(`PUT ${HOURS}`, () =>
      apiError(400, 'VALIDATION_FAILED', 'Some time ranges overlap', [{ path: 'body.1', message: 'Overlaps another range on the same day' }]),
    );
    renderEditor();

    await userEvent.click(await screen.findByRole('button', { name: 'Save hours' }));

    // The week is sent Monday first, so item 1 is Wednesday's range.
    await expect.poll(() => descriptionOf(time('Wednesday range 1 start'))).toBe('Overlaps another range on the same day');
    expect(time('Monday range 1 start').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('alert').textContent).toBe('Some hours need fixing before they can be saved.');

    pick('Wednesday range 1 end', '11:30');
    expect(descriptionOf(time('Wednesday range 1 start'))).toBe('');
  });

  it('shows the hours read-only to staff', async () => {
    answerHours([
      { weekday: 1, start: '09:00', end: '12:00' },
      { weekday: 1, start: '13:00', end: '17:00' },
    ]);
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <AppProviders queryClient={queryClient}>
        <WeeklyHoursEditor resourceId={RESOURCE_ID} timeZone="Europe/Lisbon" canEdit={false} />
      </AppProviders>,
    );

    expect(await screen.findByText('09:00–12:00, 13:00–17:00')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Save hours' })).toBeNull();
    expect(screen.queryAllByRole('textbox')).toHaveLength(0);
  });
});
