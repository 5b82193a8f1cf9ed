import { Suspense, useLayoutEffect, useRef, type ComponentType, type ReactNode } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation } from 'react-router';
import { AccountMenu } from '../features/auth/components/AccountMenu';
import { TenantSwitcher } from '../features/auth/components/TenantSwitcher';
import { VerifyEmailBanner } from '../features/auth/components/VerifyEmailBanner';
import { Skeleton } from '../ui/Spinner';
import { BookingsIcon, CalendarIcon, ChartIcon, CreditCardIcon, CustomersIcon, LogoMark, OverviewIcon, ServicesIcon, SettingsIcon } from '../ui/icons';
import { usePaymentsSummary } from '../lib/payments';
import { useSession } from '../lib/session';
import { PageLoading } from './PageLoading';
import './layout.css';

type NavItem = { to: string; label: string; icon: ComponentType<{ size?: number }>; adminsOnly?: boolean };

const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Overview', icon: OverviewIcon },
  { to: '/calendar', label: 'Calendar', icon: CalendarIcon },
  { to: '/bookings', label: 'Bookings', icon: BookingsIcon },
  { to: '/services', label: 'Services', icon: ServicesIcon },
  { to: '/customers', label: 'Customers', icon: CustomersIcon },
  { to: '/payments', label: 'Payments', icon: CreditCardIcon, adminsOnly: true },
  { to: '/insights', label: 'Insights', icon: ChartIcon, adminsOnly: true },
  { to: '/settings', label: 'Settings', icon: SettingsIcon },
];

/** The dashboard shell for a signed-in person: top bar, main navigation and the current page. */
export function AppLayout() {
  const { role } = useSession();
  const admin = role === 'OWNER' || role === 'ADMIN';
  const nav = NAV_ITEMS.filter((item) => admin || !item.adminsOnly);
  // Open disputes and failed refunds: on Payments, or on Bookings (where disputed bookings are flagged) for those without it.
  const badges = { [admin ? '/payments' : '/bookings']: <MoneyBadge /> };
  return (
    <AppFrame business={<TenantSwitcher />} account={<AccountMenu />} nav={nav} badges={badges}>
      <VerifyEmailBanner />
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </AppFrame>
  );
}

/** The count of open disputes and failed refunds, polled every minute; nothing when there are none. */
function MoneyBadge() {
  const summary = usePaymentsSummary().data;
  const count = summary ? summary.openDisputes + summary.failedRefunds : 0;
  if (!summary || count === 0) return null;
  const words = [
    summary.openDisputes > 0 && `${summary.openDisputes} open ${summary.openDisputes === 1 ? 'dispute' : 'disputes'}`,
    summary.failedRefunds > 0 && `${summary.failedRefunds} failed ${summary.failedRefunds === 1 ? 'refund' : 'refunds'}`,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <span className="nav-link__badge" title={words}>
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">: {words}</span>
    </span>
  );
}

/** The same shell while the dashboard finds out who is signed in, so nothing jumps once it knows. */
export function AppLayoutSkeleton() {
  return (
    <AppFrame business={<Skeleton width="140px" height="18px" />} account={<Skeleton width="32px" height="32px" className="skeleton--round" />}>
      <PageLoading />
    </AppFrame>
  );
}

function AppFrame({
  business,
  account,
  nav = NAV_ITEMS.filter((item) => !item.adminsOnly),
  badges,
  children,
}: {
  business: ReactNode;
  account: ReactNode;
  nav?: NavItem[];
  /** What needs attention, by the entry's path. */
  badges?: Partial<Record<string, ReactNode>>;
  children: ReactNode;
}) {
  const mainRef = useMoveFocusToMainOnNavigation();
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__start">
          <Link to="/" className="brand">
            <LogoMark />
            <span className="brand__name">Slotwise</span>
          </Link>
          <span className="topbar__divider" aria-hidden="true" />
          {business}
        </div>
        <div className="topbar__actions">
          <a className="topbar__link" href="/docs">
            API docs
          </a>
          {account}
        </div>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul className="sidebar__list">
          {nav.map(({ to, label, icon: Icon }) => (
            <li key={to}>
              <NavLink to={to} end={to === '/'} className="nav-link">
                <span className="nav-link__icon">
                  <Icon />
                </span>
                <span>{label}</span>
                {badges?.[to]}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <div className="app-main__inner">{children}</div>
      </main>
      <ScrollRestoration />
    </div>
  );
}

/**
 * After a client-side navigation, screen readers and keyboard users would otherwise stay on
 * the link they used; moving focus to <main> puts them at the start of the new page. A layout
 * effect: focus moves in the same commit that shows the page, not a frame later.
 */
function useMoveFocusToMainOnNavigation() {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useLayoutEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);
  return mainRef;
}
