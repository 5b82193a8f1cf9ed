import { Link, useNavigate } from 'react-router';
import { toast } from 'sonner';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Card } from '../../../ui/Card';
import { ChevronLeftIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { CustomerForm } from '../components/CustomerForm';
import '../customers.css';

/** /customers/new: adds a customer by hand (most arrive with their first booking). */
export function NewCustomerPage() {
  useDocumentTitle('Add a customer');
  const navigate = useNavigate();
  return (
    <>
      <Link to="/customers" className="back-link">
        <ChevronLeftIcon size={16} />
        Customers
      </Link>
      <PageHeader title="Add a customer" description="For people who book by phone or in person." />
      <Card className="new-customer-card">
        <CustomerForm
          onSaved={(customer) => {
            toast.success(`${customer.name} added.`);
            void navigate(`/customers/${customer.id}`);
          }}
        />
      </Card>
    </>
  );
}
