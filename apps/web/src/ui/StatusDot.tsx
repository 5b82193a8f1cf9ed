import './StatusDot.css';

export type StatusTone = 'success' | 'warning' | 'danger' | 'neutral';

/** A coloured dot next to a status text; decorative, the text carries the meaning. */
export function StatusDot({ tone }: { tone: StatusTone }) {
  return <span className={`status-dot status-dot--${tone}`} aria-hidden="true" />;
}
