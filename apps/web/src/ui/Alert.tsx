import type { ReactNode } from 'react';
import './Alert.css';

type AlertProps = {
  tone?: 'danger' | 'success' | 'info';
  title?: ReactNode;
  children?: ReactNode;
};

/**
 * A message inside a page or form. Problems are announced at once (role="alert"); other news
 * politely (role="status").
 */
export function Alert({ tone = 'danger', title, children }: AlertProps) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      {title && <p className="alert__title">{title}</p>}
      {children && <div className="alert__body">{children}</div>}
    </div>
  );
}
