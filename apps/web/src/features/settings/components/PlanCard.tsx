import type { TTenant } from '@slotwise/contracts';
import { Badge } from '../../../ui/Badge';
import { Card } from '../../../ui/Card';

/** What each plan allows; the API enforces these per business. */
const PLANS: Record<TTenant['plan'], { label: string; requestsPerMinute: number }> = {
  BASIC: { label: 'Basic', requestsPerMinute: 100 },
  PROFESSIONAL: { label: 'Professional', requestsPerMinute: 500 },
  ENTERPRISE: { label: 'Enterprise', requestsPerMinute: 1000 },
};

const numberFormat = new Intl.NumberFormat();

export function PlanCard({ tenant }: { tenant: TTenant }) {
  const plan = PLANS[tenant.plan];
  return (
    <Card title="Plan and limits" actions={<Badge tone="primary">{plan.label}</Badge>}>
      <dl className="facts">
        <div className="facts__row">
          <dt>Plan</dt>
          <dd>{plan.label}</dd>
        </div>
        <div className="facts__row">
          <dt>API rate limit</dt>
          <dd>{numberFormat.format(plan.requestsPerMinute)} requests per minute</dd>
        </div>
        <div className="facts__row">
          <dt>Platform fee</dt>
          <dd>{numberFormat.format(tenant.platformFeeBps / 100)}% of online payments</dd>
        </div>
      </dl>
      <p className="card-note">To change your plan, contact Slotwise support.</p>
    </Card>
  );
}
