import { apiErrorOf, type ApiFailure } from '../../lib/api';

/** The API refuses to leave a business without an owner (409, details.reason = LAST_OWNER). */
export function isLastOwnerError(error: ApiFailure): boolean {
  const details = apiErrorOf(error)?.details;
  return typeof details === 'object' && details !== null && 'reason' in details && details.reason === 'LAST_OWNER';
}

export const LAST_OWNER_MESSAGE = 'A business needs at least one owner. Make someone else an owner first, then change this.';
