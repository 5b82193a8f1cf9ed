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
          { index: true, element: lazyPage(() => import('./routes/OverviewPage'), 'OverviewPage') },
          { path: 'calendar', element: lazyPage(() => import('./routes/CalendarRoute'), 'CalendarRoute') },
          {
            path: 'bookings',
            element: lazyPage(() => import('../features/bookings/routes/BookingsListPage'), 'BookingsListPage'),
          },
          { path: 'services', element: lazyPage(() => import('../features/services/routes/ServicesPage'), 'ServicesPage') },
          { path: 'services/new', element: lazyPage(() => import('../features/services/routes/ServiceFormPage'), 'ServiceFormPage') },
          { path: 'services/:id', element: lazyPage(() => import('../features/services/routes/ServiceFormPage'), 'ServiceFormPage') },
          {
            path: 'services/resources',
            element: lazyPage(() => import('../features/resources/routes/ResourcesPage'), 'ResourcesPage'),
          },
          {
            path: 'services/resources/:id',
            element: lazyPage(() => import('../features/resources/routes/ResourcePage'), 'ResourcePage'),
          },
          { path: 'payments', element: lazyPage(() => import('../features/payments/routes/PaymentsPage'), 'PaymentsPage') },
          { path: 'insights', element: lazyPage(() => import('../features/insights/routes/InsightsPage'), 'InsightsPage') },
          { path: 'customers', element: lazyPage(() => import('../features/customers/routes/CustomersPage'), 'CustomersPage') },
          {
            path: 'customers/new',
            element: lazyPage(() => import('../features/customers/routes/NewCustomerPage'), 'NewCustomerPage'),
          },
          { path: 'customers/:id', element: lazyPage(() => import('./routes/CustomerRoute'), 'CustomerRoute') },
          { path: 'settings', element: lazyPage(() => import('../features/settings/routes/SettingsPage'), 'SettingsPage') },
          {
            path: 'settings/audit',
            element: lazyPage(() => import('../features/settings/routes/AuditLogPage'), 'AuditLogPage'),
          },
          {
            path: 'settings/payments',
            element: lazyPage(() => import('../features/payments/routes/PaymentSettingsPage'), 'PaymentSettingsPage'),
          },
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
        path: 'finish-signup',
        element: lazyPage(() => import('../features/auth/routes/FinishSignupPage'), 'FinishSignupPage'),
      },
      {
        path: 'forgot-password',
        element: lazyPage(() => import('../features/auth/routes/ForgotPasswordPage'), 'ForgotPasswordPage'),
      },
      {
        path: 'reset-password',
        element: lazyPage(() => import('../features/auth/routes/ResetPasswordPage'), 'ResetPasswordPage'),
      },
      {
        path: 'verify-email',
        element: lazyPage(() => import('../features/auth/routes/VerifyEmailPage'), 'VerifyEmailPage'),
      },
      {
        path: 'accept-invitation/:token',
        element: lazyPage(() => import('../features/auth/routes/AcceptInvitationPage'), 'AcceptInvitationPage'),
      },
    ],
  },
];
