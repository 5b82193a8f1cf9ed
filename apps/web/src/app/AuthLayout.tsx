import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { LogoMark } from '../ui/icons';
import { PageLoading } from './PageLoading';
import './auth.css';

/** A centred card on a plain background for sign-in and sign-up. */
export function AuthLayout() {
  return (
    <div className="auth-layout">
      <header>
        <Link to="/" className="auth-layout__brand">
          <LogoMark />
          <span>Slotwise</span>
        </Link>
      </header>
      <main id="main" className="auth-card">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
