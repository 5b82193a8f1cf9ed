import '../ui/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BookingPage } from './BookingPage';
import { slugFromPath } from './slug';

const container = document.getElementById('root');
if (!container) throw new Error('book.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <BookingPage slug={slugFromPath(window.location.pathname)} />
  </StrictMode>,
);
