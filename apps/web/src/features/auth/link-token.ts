import { ZLinkToken } from '@slotwise/contracts';
import { useSearchParams } from 'react-router';

/** The `token` of an emailed link (`/reset-password?token=…`), or null when it is missing or cut short. */
export function useLinkToken(): string | null {
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token');
  return ZLinkToken.safeParse(token).success ? token : null;
}
