import type { TSystemStatus } from '@slotwise/contracts';
import { describeApiError } from '../../../lib/api';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { ErrorState } from '../../../ui/ErrorState';
import { Skeleton } from '../../../ui/Spinner';
import { StatusDot } from '../../../ui/StatusDot';
import { useSystemStatus } from '../api';
import './ApiStatusCard.css';
import { formatClockTime } from '../../../lib/time';

/** The API's health as staff see it on the overview: version, database, migrations and rate limits. */
export function ApiStatusCard() {
  const { data, error, isError, isFetching, refetch } = useSystemStatus();
  const checkAgain = () => void refetch();

  if (isError) {
    return (
      <Card title="API status">
        <ErrorState
          compact
          title={
            <span className="api-status__headline">
              <StatusDot tone="danger" />
              <span data-testid="api-status">API unavailable</span>
            </span>
          }
          message={describeApiError(error)}
          onRetry={checkAgain}
          retrying={isFetching}
        />
      </Card>
    );
  }

  if (!data) {
    return (
      <Card title="API status">
        <div className="api-status" aria-busy="true">
          <p className="api-status__headline">
            <StatusDot tone="neutral" />
            <span data-testid="api-status">Checking the API…</span>
          </p>
          <div className="api-status__skeleton">
            <Skeleton width="70%" />
            <Skeleton width="55%" />
            <Skeleton width="62%" />
          </div>
        </div>
      </Card>
    );
  }

  const status = data.body;
  const healthy = status.status === 'ok' && status.database === 'up';
  return (
    <Card
      title="API status"
      actions={
        <Button variant="ghost" onClick={checkAgain} busy={isFetching} aria-label="Check the API status again">
          Refresh
        </Button>
      }
    >
      <div className="api-status">
        <p className="api-status__headline">
          <StatusDot tone={healthy ? 'success' : 'warning'} />
          <span data-testid="api-status">{healthy ? 'API healthy' : 'API degraded'}</span>
        </p>
        <p className="api-status__summary">{healthy ? 'Everything is working.' : degradedReason(status)}</p>
        <dl className="api-status__facts">
          <div>
            <dt>Version</dt>
            <dd className="api-status__mono">{status.version}</dd>
          </div>
          <div>
            <dt>Database</dt>
            <dd>{status.database === 'up' ? 'Up' : 'Down'}</dd>
          </div>
          <div>
            <dt>Migrations</dt>
            <dd>
              {status.migrations.applied} applied
              {status.migrations.pending > 0 && `, ${status.migrations.pending} pending`}
            </dd>
          </div>
          <div>
            <dt>Rate limits</dt>
            <dd>{RATE_LIMIT_STORE[status.rateLimits.store]}</dd>
          </div>
          <div>
            <dt>Checked at</dt>
            <dd>
              <time dateTime={status.time}>{formatClockTime(status.time)}</time>
            </dd>
          </div>
        </dl>
      </div>
    </Card>
  );
}

const RATE_LIMIT_STORE: Record<TSystemStatus['rateLimits']['store'], string> = {
  redis: 'Shared (Redis)',
  memory: 'Per instance (memory)',
  'memory-fallback': 'Per instance: Redis unreachable',
  off: 'Off',
};

function degradedReason(status: TSystemStatus): string {
  if (status.database === 'down') return 'The database is not answering, so bookings cannot be read or saved.';
  const { pending } = status.migrations;
  if (pending > 0) return `${pending} database ${pending === 1 ? 'migration is' : 'migrations are'} not applied yet.`;
  if (status.rateLimits.store === 'memory-fallback') return 'Redis is not answering, so each API server counts rate limits on its own until it is back.';
  return 'The API reports a problem.';
}
