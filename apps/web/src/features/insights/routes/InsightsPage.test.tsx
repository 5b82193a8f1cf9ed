import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerEmptyBusiness } from '../../../test/dashboard-api';
import { installFakeApi, json } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { insightsOf } from '../../../test/insights';
import { renderApp } from '../../../test/render';

const api = installFakeApi();

afterEach(() => vi.restoreAllMocks());

describe('the Insights page', () => {
  it('shows an owner the period’s figures, asked for in the business’s dates', async () => {
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    answerEmptyBusiness(api);
    api.on('GET /v1/insights', () => json(200, insightsOf()));
    renderApp('/insights?period=custom&from=2030-03-01&to=2030-03-02');

    const kpis = await screen.findByRole('list', { name: 'Key figures' });
    expect(within(kpis).getByText('Net revenue').parentElement!.textContent).toMatch(/65\.00/);
    expect(within(kpis).getByText('Cancellation rate').parentElement!.textContent).toMatch(/12[.,]5\s?%/);
    const [request] = api.requestsTo('GET /v1/insights');
    expect(Object.fromEntries(request!.query)).toEqual({ from: '2030-03-01', to: '2030-03-02' });

    expect(screen.getByRole('heading', { name: /In JPY/ })).toBeDefined();
    expect(screen.getByRole('img', { name: /Bookings starting per day/ })).toBeDefined();
    const heat = screen.getByRole('table', { name: /by weekday/ });
    expect(within(heat).getByTitle(/09:00: 3 bookings/).textContent).toBe('3');
    expect(screen.getByRole('link', { name: 'Insights' })).toBeDefined();
  });

  it('downloads the numbers behind a chart as CSV', async () => {
    api.on('GET /v1/me', () => json(200, meAs('ADMIN')));
    answerEmptyBusiness(api);
    api.on('GET /v1/insights', () => json(200, insightsOf()));
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob);
      return 'blob:insights';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    renderApp('/insights?period=custom&from=2030-03-01&to=2030-03-02');

    await userEvent.click(await screen.findByRole('button', { name: 'Download the daily numbers as CSV' }));
    expect(saved).toHaveLength(1);
    expect(await saved[0]!.text()).toBe(
      '\ufeffdate,bookings starting,bookings made,payments received (EUR)\r\n2030-03-01,0,8,50.00\r\n2030-03-02,2,0,20.05\r\n',
    );
  });

  it('asks nothing for a custom period the API would refuse, and says why', async () => {
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    answerEmptyBusiness(api);
    renderApp('/insights?period=custom&from=2030-03-31&to=2030-03-01');

    expect(await screen.findByText('The last day comes before the first.')).toBeDefined();
    await waitFor(() => expect(screen.getByLabelText('Last day').getAttribute('aria-invalid')).toBe('true'));
    expect(api.requestsTo('GET /v1/insights')).toEqual([]);
  });

  it('is not for staff: no link, no request, a plain refusal', async () => {
    api.on('GET /v1/me', () => json(200, meAs('STAFF')));
    answerEmptyBusiness(api);
    renderApp('/insights');

    expect(await screen.findByText("You don't have access to this")).toBeDefined();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Insights' })).toBeNull();
    expect(api.requestsTo('GET /v1/insights')).toEqual([]);
  });
});
