import type { TCustomer } from '@slotwise/contracts';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useDebouncedValue } from '../../../lib/useDebouncedValue';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Button, buttonClassName } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { CustomersIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { Skeleton, Spinner } from '../../../ui/Spinner';
import { useCustomers } from '../api';
import '../../../ui/DataTable.css';
import '../customers.css';
import { formatMediumDate } from '../../../lib/time';

/** Everyone who booked or was added by the team, searchable by name, email or phone. */
export function CustomersPage() {
  useDocumentTitle('Customers');
  const [searchParams, setSearchParams] = useSearchParams();
  const [typed, setTyped] = useState(() => searchParams.get('q') ?? '');
  const q = useDebouncedValue(typed.trim(), 300);
  const customers = useCustomers(q);

  // The search lives in the address, so a reload or a shared link shows the same list.
  useEffect(() => {
    setSearchParams(q ? { q } : {}, { replace: true });
  }, [q, setSearchParams]);

  const items = customers.data?.pages.flatMap((page) => page.body.items) ?? [];
  const searching = typed.trim() !== q || (customers.isFetching && !customers.isFetchingNextPage);

  return (
    <>
      <PageHeader
        title="Customers"
        description="The people who book with you, their details and their booking history."
        actions={
          <Link to="/customers/new" className={buttonClassName('primary')}>
            Add customer
          </Link>
        }
      />
      <Card className="data-card customers-card">
        <div className="list-toolbar" role="search">
          <label htmlFor="customer-search" className="visually-hidden">
            Search customers
          </label>
          <input
            id="customer-search"
            className="field__control list-toolbar__search"
            type="search"
            placeholder="Search by name, email or phone"
            autoComplete="off"
            maxLength={100}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
          />
          <span className="list-toolbar__status" role="status">
            {searching ? (
              <>
                <Spinner size="sm" /> Searching…
              </>
            ) : customers.data ? (
              `${items.length}${customers.hasNextPage ? '+' : ''} ${items.length === 1 ? 'customer' : 'customers'}`
            ) : (
              ''
            )}
          </span>
        </div>
        {customers.isPending ? (
          <div className="table-skeleton" aria-busy="true">
            {[70, 56, 64, 48].map((width) => (
              <Skeleton key={width} width={`${width}%`} />
            ))}
          </div>
        ) : !customers.data ? (
          <ApiErrorState
            error={customers.error}
            title="Customers could not be loaded"
            onRetry={() => void customers.refetch()}
            retrying={customers.isFetching}
            headingLevel={3}
          />
        ) : items.length === 0 ? (
          q ? (
            <EmptyState
              icon={<CustomersIcon size={24} />}
              title={`No customers match “${q}”`}
              description="Check the spelling, or search by email or phone instead."
              action={<Button onClick={() => setTyped('')}>Clear the search</Button>}
              headingLevel={3}
            />
          ) : (
            <EmptyState
              icon={<CustomersIcon size={24} />}
              title="No customers yet"
              description="Customers appear here after their first booking. You can also add one yourself."
              action={
                <Link to="/customers/new" className={buttonClassName('primary')}>
                  Add a customer
                </Link>
              }
              headingLevel={3}
            />
          )
        ) : (
          <>
            <CustomersTable customers={items} />
            {customers.hasNextPage && (
              <div className="table-footer">
                {customers.isFetchNextPageError ? <span role="alert">The next customers could not be loaded.</span> : <span>Showing {items.length}</span>}
                <Button busy={customers.isFetchingNextPage} onClick={() => void customers.fetchNextPage()}>
                  {customers.isFetchingNextPage ? 'Loading…' : customers.isFetchNextPageError ? 'Try again' : 'Load more'}
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
    </>
  );
}

function CustomersTable({ customers }: { customers: TCustomer[] }) {
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Phone</th>
          <th scope="col">Added</th>
        </tr>
      </thead>
      <tbody>
        {customers.map((customer) => (
          <tr key={customer.id}>
            <td className="data-table__primary">
              <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
            </td>
            <td className="data-table__muted customers-table__email">{customer.email}</td>
            <td className="data-table__muted">{customer.phone ?? '—'}</td>
            <td className="data-table__muted">
              <span className="data-table__label">Added </span>
              <time dateTime={customer.createdAt}>{formatMediumDate(customer.createdAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
