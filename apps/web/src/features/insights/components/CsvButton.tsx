import { Button } from '../../../ui/Button';
import { DownloadIcon } from '../../../ui/icons';
import { downloadCsv, type CsvFile } from '../csv';

/** "Download CSV" of the numbers behind one chart; `what` completes its accessible name. */
export function CsvButton({ what, file }: { what: string; file: () => CsvFile }) {
  return (
    <Button variant="ghost" className="insights-csv" aria-label={`Download ${what} as CSV`} onClick={() => downloadCsv(file())}>
      <DownloadIcon size={16} />
      CSV
    </Button>
  );
}
