import '../ui/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BookingPage, NotFoundCard } from './BookingPage';
import { CheckoutReturnPage } from './CheckoutReturnPage';
import { ManagePage } from './ManagePage';
import { PublicShell } from './PublicShell';
import { WalletPage } from './WalletPage';
import { isEmbedded, routeFromPath } from './route';
import { browserTimeZone } from '../lib/time';

const container = document.getElementById('root');
if (!container) throw new Error('book.html has no #root element');

const route = routeFromPath(window.location.pathname, window.location.search);
const embed = isEmbedded(window.location.search);
const detectedZone = browserTimeZone();
if (embed) document.documentElement.classList.add('embedded');

createRoot(container).render(
  <StrictMode>
    {route.page === 'book' ? (
      <BookingPage slug={route.slug} serviceId={route.serviceId} embed={embed} detectedZone={detectedZone} />
    ) : route.page === 'checkout-return' ? (
      <CheckoutReturnPage slug={route.slug} sessionId={route.sessionId} embed={embed} />
    ) : route.page === 'manage' ? (
      <ManagePage token={route.token} embed={embed} detectedZone={detectedZone} />
    ) : route.page === 'wallet' ? (
      <WalletPage token={route.token} setupSession={route.setupSession} setupCancelled={route.setupCancelled} />
    ) : (
      <PublicShell tenant={null} embed={embed}>
        <NotFoundCard />
      </PublicShell>
    )}
  </StrictMode>,
);
