import type { TRole } from '@slotwise/contracts';

export const ROLE_LABELS: Record<TRole, string> = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  STAFF: 'Staff',
};
