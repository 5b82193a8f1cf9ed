import type { TTenant } from '@slotwise/contracts';
import { Card } from '../../../ui/Card';
import { CopyField } from '../../../ui/CopyField';
import { bookingUrl, markBookingLinkShared } from '../../../lib/booking-link';

/** The public booking page's address and the HTML to embed it in the business's own website. */
export function BookingLinkCard({ tenant }: { tenant: TTenant }) {
  const url = bookingUrl(tenant.slug);
  const name = tenant.brandDisplayName ?? tenant.name;
  const shared = () => markBookingLinkShared(tenant.id);
  return (
    <Card
      title="Booking link"
      actions={
        <a href={url} target="_blank" rel="noreferrer" className="card-link">
          Open booking page<span className="visually-hidden"> (opens in a new tab)</span>
        </a>
      }
    >
      <div className="booking-link">
        <CopyField label="Booking link" value={url} onCopied={shared} showLabel />
        <CopyField label="Embed code" value={embedSnippet(url, name)} multiline showLabel onCopied={shared} />
        <p className="card-note">Paste the embed code into your website's HTML where the booking page should appear.</p>
      </div>
    </Card>
  );
}

/** An iframe of the booking page in its embedded layout. */
export function embedSnippet(url: string, businessName: string): string {
  return `<iframe src="${escapeAttribute(`${url}?embed=1`)}" style="width:100%;min-height:700px;border:0" title="Book with ${escapeAttribute(businessName)}"></iframe>`;
}

function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
