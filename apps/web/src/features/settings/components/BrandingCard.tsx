import type { TTenant } from '@slotwise/contracts';
import { useRef, useState, type CSSProperties, type FormEvent } from 'react';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { TextField } from '../../../ui/Field';
import { readableOn } from '../../../lib/contrast';
import { useTenantSection } from './useTenantSection';

const FIELDS = ['brandDisplayName', 'brandAccentColor', 'brandLogoUrl'] as const;
/** What the booking page uses when no colour is set: Slotwise's own. */
export const DEFAULT_ACCENT = '#4f46e5';
const HEX = /^#[0-9a-fA-F]{6}$/;

/** How the public booking page looks: name, accent colour and logo, with a live preview. */
export function BrandingCard({ tenant, canEdit }: { tenant: TTenant; canEdit: boolean }) {
  const formRef = useRef<HTMLFormElement>(null);
  const section = useTenantSection(FIELDS, formRef, 'Branding saved. Your booking page shows it now.');
  const [displayName, setDisplayName] = useState(tenant.brandDisplayName ?? '');
  const [accent, setAccent] = useState(tenant.brandAccentColor ?? '');
  const [logoUrl, setLogoUrl] = useState(tenant.brandLogoUrl ?? '');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    section.save({
      brandDisplayName: displayName.trim() || null,
      brandAccentColor: accent.trim() || null,
      brandLogoUrl: logoUrl.trim() || null,
    });
  }

  const previewAccent = HEX.test(accent) ? accent : DEFAULT_ACCENT;

  return (
    <Card title="Booking page branding">
      <div className="branding">
        <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={section.clearErrorOnChange}>
          <fieldset className="form__section" disabled={!canEdit}>
            <legend className="visually-hidden">Branding</legend>
            {section.formError && <Alert>{section.formError}</Alert>}
            <TextField
              label="Display name"
              name="brandDisplayName"
              maxLength={120}
              placeholder={tenant.name}
              value={displayName}
              onChange={(event) => setDisplayName(event.target.value)}
              error={section.errors.brandDisplayName}
              hint="Shown to customers. Empty: your business name."
            />
            <div className="color-field">
              <TextField
                label="Accent colour"
                name="brandAccentColor"
                placeholder={DEFAULT_ACCENT}
                maxLength={7}
                autoComplete="off"
                spellCheck={false}
                value={accent}
                onChange={(event) => setAccent(event.target.value)}
                error={section.errors.brandAccentColor}
                hint="A hex colour like #0f766e, for buttons and highlights."
              />
              <input
                type="color"
                className="color-field__picker"
                aria-label="Pick the accent colour"
                value={previewAccent.toLowerCase()}
                onChange={(event) => setAccent(event.target.value)}
              />
            </div>
            <TextField
              label="Logo URL"
              name="brandLogoUrl"
              type="url"
              inputMode="url"
              maxLength={500}
              placeholder="https://…/logo.png"
              value={logoUrl}
              onChange={(event) => setLogoUrl(event.target.value)}
              error={section.errors.brandLogoUrl}
              hint="An https address of a square image, at least 96 × 96 px."
            />
            {canEdit && (
              <div>
                <Button type="submit" variant="primary" busy={section.saving}>
                  Save branding
                </Button>
              </div>
            )}
          </fieldset>
        </form>
        <BrandPreview name={displayName.trim() || tenant.name} accent={previewAccent} logoUrl={logoUrl.trim()} slug={tenant.slug} />
      </div>
    </Card>
  );
}

/** A miniature of the public booking page's header, redrawn as the fields change. */
function BrandPreview({ name, accent, logoUrl, slug }: { name: string; accent: string; logoUrl: string; slug: string }) {
  const [brokenLogo, setBrokenLogo] = useState<string | null>(null);
  const showLogo = logoUrl.startsWith('https://') && brokenLogo !== logoUrl;
  const style = { '--brand': accent, '--on-brand': readableOn(accent) } as CSSProperties;
  return (
    <figure className="brand-preview" data-testid="brand-preview" data-accent={accent.toLowerCase()} style={style}>
      <figcaption className="brand-preview__caption">Preview</figcaption>
      <div className="brand-preview__window" aria-hidden="true">
        <div className="brand-preview__bar">
          <span className="brand-preview__dots" />
          <span className="brand-preview__url">/book/{slug}</span>
        </div>
        <div className="brand-preview__header">
          {showLogo ? (
            <img className="brand-preview__logo" src={logoUrl} alt="" onError={() => setBrokenLogo(logoUrl)} />
          ) : (
            <span className="brand-preview__initial">{name.charAt(0).toUpperCase()}</span>
          )}
          <span className="brand-preview__name">{name}</span>
          <span className="brand-preview__tagline">Book an appointment</span>
        </div>
        <div className="brand-preview__body">
          <div className="brand-preview__service">
            <span>
              <span className="brand-preview__service-name">Consultation</span>
              <span className="brand-preview__service-meta">45 min</span>
            </span>
            <span className="brand-preview__button">Choose</span>
          </div>
          <div className="brand-preview__slots">
            <span className="brand-preview__slot brand-preview__slot--picked">09:30</span>
            <span className="brand-preview__slot">10:15</span>
            <span className="brand-preview__slot">11:00</span>
          </div>
        </div>
      </div>
    </figure>
  );
}
