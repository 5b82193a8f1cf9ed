import { Link, useLocation } from 'react-router';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { buttonClassName } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { CompassIcon } from '../ui/icons';
import { PageHeader } from '../ui/PageHeader';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader
        title="Page not found"
        description={
          <>
            Nothing lives at <code>{pathname}</code>.
          </>
        }
      />
      <Card>
        <EmptyState
          icon={<CompassIcon size={24} />}
          title="This page may have moved"
          description="Check the address, or pick a section from the menu."
          action={
            <Link to="/" className={buttonClassName('primary')}>
              Go to the overview
            </Link>
          }
        />
      </Card>
    </>
  );
}
