import { useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { AlertIcon, CheckIcon, LogoMark } from '../ui/icons';
import type { TPublicTenant } from './api';
import './public.css';

/** The business's name as customers should read it. */
export function displayName(tenant: Pick<TPublicTenant, 'brandDisplayName' | 'name'>): string {
  return tenant.brandDisplayName?.trim() || tenant.name;
}

/** Black or white, whichever reads better on the accent (WCAG relative luminance). */
function textOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05) ? '#ffffff' : '#14171f';
}

/** The tenant's accent colour replaces the primary colour tokens for everything inside. */
function accentStyle(accent: string | null | undefined): CSSProperties | undefined {
  if (!accent || !/^#[0-9a-fA-F]{6}$/.test(accent)) return undefined;
  return {
    '--color-primary': accent,
    '--color-primary-hover': `color-mix(in srgb, ${accent} 86%, black)`,
    '--color-primary-strong': `color-mix(in srgb, ${accent} 72%, black)`,
    '--color-primary-soft': `color-mix(in srgb, ${accent} 10%, white)`,
    '--color-on-primary': textOn(accent),
    '--color-focus': accent,
  } as CSSProperties;
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
