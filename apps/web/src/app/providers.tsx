import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Toaster } from 'sonner';
import { tsr } from '../lib/api';

/** Server state (TanStack Query + the ts-rest client) and toasts for the whole dashboard. */
export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <tsr.ReactQueryProvider>
        {children}
        <Toaster position="bottom-right" closeButton richColors />
      </tsr.ReactQueryProvider>
    </QueryClientProvider>
  );
}
