import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { describeApiError, type ApiFailure } from '../../../lib/api';
import { Button } from '../../../ui/Button';
import { DownloadIcon } from '../../../ui/icons';
import type { BookingListFilters } from '../../../lib/bookings/keys';
import { bookingsCsv, downloadCsv, EXPORT_CAP, fetchForExport } from './csv';

const countFormat = new Intl.NumberFormat();

/** Downloads every booking of the current filters as CSV (up to the cap). */
export function ExportButton({ filters, timeZone, fileName }: { filters: BookingListFilters; timeZone: string; fileName: string }) {
  const [progress, setProgress] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  async function exportCsv() {
    abort.current = new AbortController();
    setProgress(0);
    try {
      const { bookings, capped } = await fetchForExport(filters, setProgress, abort.current.signal);
      downloadCsv(fileName, bookingsCsv(bookings, timeZone));
      if (capped) {
        toast.warning(`Exported the first ${countFormat.format(EXPORT_CAP)} bookings. Narrow the filters to export the rest.`);
      } else {
        toast.success(`Exported ${countFormat.format(bookings.length)} ${bookings.length === 1 ? 'booking' : 'bookings'}.`);
      }
    } catch (error) {
      if (!abort.current.signal.aborted) toast.error(`The export failed: ${describeApiError(error as ApiFailure)}`);
    } finally {
      setProgress(null);
    }
  }

  return (
    <Button busy={progress !== null} onClick={() => void exportCsv()}>
      {progress === null ? <DownloadIcon size={16} /> : null}
      {progress === null ? 'Export CSV' : `Exporting… ${countFormat.format(progress)}`}
    </Button>
  );
}
