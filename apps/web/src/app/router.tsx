import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { AppLayout } from './AppLayout';
import { AuthLayout } from './AuthLayout';
import { NotFoundPage } from './NotFoundPage';
import { RequireSession } from './RequireSession';
import { RouteError } from './RouteError';

/** A page whose code is fetched the first time it is shown (one chunk per route). */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page = lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }));
  return <Page />;
}

export const routes: RouteObject[] = [
  {
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    errorElement: <RouteError />,
    children: [
      {
        // Errors inside a page render within the shell, so the navigation stays usable.
        errorElement: <RouteError />,
        children: [
          { index: true, element: lazyPage(() => import('../features/system/routes/StatusPage'), 'StatusPage') },
          { path: 'calendar', element: lazyPage(() => import('../features/calendar/routes/CalendarPage'), 'CalendarPage') },
          { path: 'bookings', element: lazyPage(() => import('../features/bookings/routes/BookingsPage'), 'BookingsPage') },
          { path: 'services', element: lazyPage(() => import('../features/services/routes/ServicesPage'), 'ServicesPage') },
          { path: 'customers', element: lazyPage(() => import('../features/customers/routes/CustomersPage'), 'CustomersPage') },
          { path: 'settings', element: lazyPage(() => import('../features/settings/routes/SettingsPage'), 'SettingsPage') },
          {
            path: 'settings/members',
            element: lazyPage(() => import('../features/members/routes/MembersPage'), 'MembersPage'),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
  {
    element: <AuthLayout />,
    errorElement: <RouteError />,
    children: [
      { path: 'login', element: lazyPage(() => import('../features/auth/routes/LoginPage'), 'LoginPage') },
      { path: 'signup', element: lazyPage(() => import('../features/auth/routes/SignupPage'), 'SignupPage') },
      {
        path: 'accept-invitation/:token',
        element: lazyPage(() => import('../features/auth/routes/AcceptInvitationPage'), 'AcceptInvitationPage'),
      },
    ],
  },
];
