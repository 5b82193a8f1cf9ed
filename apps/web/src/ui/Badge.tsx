import type { ReactNode } from 'react';
import './Badge.css';

/** A short label such as a role or "You". */
export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'primary'; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}
