import { useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { brandTokens, isHexColour } from '../lib/contrast';
import { AlertIcon, CheckIcon, LogoMark } from '../ui/icons';
import type { TPublicTenant } from './api';
import './public.css';

/** The business's name as customers should read it. */
export function displayName(tenant: Pick<TPublicTenant, 'brandDisplayName' | 'name'>): string {
  return tenant.brandDisplayName?.trim() || tenant.name;
}

/**
 * The tenant's accent colour replaces the primary colour tokens for everything inside, with text on
 * it black or white by contrast and text in it darkened until it reads (lib/contrast).
 */
function accentStyle(accent: string | null | undefined): CSSProperties | undefined {
  if (!accent || !isHexColour(accent)) return undefined;
  return brandTokens(accent) as CSSProperties;
}

function BrandHeader({ tenant, subtitle }: { tenant: TPublicTenant; subtitle: string }) {
  const [logoFailed, setLogoFailed] = useState(false);
  const name = displayName(tenant);
  return (
    <header className="brand">
      {tenant.brandLogoUrl && !logoFailed ? (
        <img className="brand__logo" src={tenant.brandLogoUrl} alt="" onError={() => setLogoFailed(true)} />
      ) : (
        <span className="brand__avatar" aria-hidden="true">
          {name.charAt(0).toUpperCase()}
        </span>
      )}
      <div className="brand__text">
        <h1 className="brand__name">{name}</h1>
        <p className="brand__subtitle">{subtitle}</p>
      </div>
    </header>
  );
}

type ShellProps = {
  tenant: TPublicTenant | null;
  subtitle?: string;
  /** Inside another site's iframe: no page background, padding or footer; the width is the container's. */
  embed: boolean;
  children: ReactNode;
};

/** The frame of every public page: the business's branding, the content, "Powered by Slotwise". */
export function PublicShell({ tenant, subtitle = 'Book an appointment online', embed, children }: ShellProps) {
  return (
    <div className={embed ? 'public public--embed' : 'public'} style={accentStyle(tenant?.brandAccentColor)}>
      <div className="public__column">
        {tenant && <BrandHeader tenant={tenant} subtitle={subtitle} />}
        <main className="public__main">{children}</main>
      </div>
      {!embed && (
        <footer className="public__footer">
          <LogoMark size={16} />
          <span>
            Powered by <strong>Slotwise</strong>
          </span>
        </footer>
      )}
    </div>
  );
}

/**
 * A step's heading; focused when the customer arrives at the step, so screen readers follow
 * along. In a layout effect: focus moves in the commit that shows the step, not a frame later.
 */
export function StepHeading({ children, focus, id }: { children: ReactNode; focus: boolean; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <h2 ref={ref} id={id} className="step__title" tabIndex={-1}>
      {children}
    </h2>
  );
}

/**
 * A message that must be heard. The region stays in the page and only its content changes,
 * which screen readers announce more reliably than a newly inserted alert. Problems interrupt
 * (`alert`); good news waits its turn (`status`). Keep `tone` fixed for one region.
 */
export function LiveNotice({ message, tone = 'danger' }: { message: string | null; tone?: 'danger' | 'success' }) {
  return (
    <div className="live" role={tone === 'danger' ? 'alert' : 'status'} aria-atomic="true">
      {message && (
        <p className={`notice notice--${tone}`}>
          {tone === 'danger' ? <AlertIcon size={18} /> : <CheckIcon size={18} />}
          <span>{message}</span>
        </p>
      )}
    </div>
  );
}

/** A whole-page state: loading, not found, failed. */
export function StateCard({ title, children, busy = false, icon }: { title: string; children?: ReactNode; busy?: boolean; icon?: ReactNode }) {
  return (
    <section className="card state" aria-busy={busy || undefined} aria-labelledby="state-title">
      {busy && <span className="state__spinner" aria-hidden="true" />}
      {icon && <span className="state__icon">{icon}</span>}
      <h2 id="state-title" className="state__title">
        {title}
      </h2>
      {children}
    </section>
  );
}
