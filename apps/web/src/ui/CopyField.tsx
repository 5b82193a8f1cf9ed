import { useEffect, useId, useRef, useState } from 'react';
import { Button } from './Button';
import { CheckIcon, CopyIcon } from './icons';
import './CopyField.css';

type CopyFieldProps = {
  /** Names the text for screen readers and the copy button, e.g. "Booking link". */
  label: string;
  value: string;
  /** Several lines (an HTML snippet) instead of one. */
  multiline?: boolean;
  /** Shows the label above the field instead of hiding it visually. */
  showLabel?: boolean;
  onCopied?: () => void;
};

/** Read-only text with a copy button; when the clipboard is refused, the text is selected for Ctrl+C. */
export function CopyField({ label, value, multiline = false, showLabel = false, onCopied }: CopyFieldProps) {
  const id = useId();
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
      onCopied?.();
    } catch {
      ref.current?.select();
      setState('failed');
    }
  }

  const control = {
    ref,
    id,
    className: `field__control copy-field__control${multiline ? ' copy-field__control--multiline' : ''}`,
    readOnly: true,
    value,
    onFocus: (event: { currentTarget: { select: () => void } }) => event.currentTarget.select(),
  };

  return (
    <div className="copy-field">
      <label htmlFor={id} className={showLabel ? 'field__label' : 'visually-hidden'}>
        {label}
      </label>
      <div className={multiline ? 'copy-field__row copy-field__row--multiline' : 'copy-field__row'}>
        {multiline ? <textarea {...control} rows={3} spellCheck={false} /> : <input {...control} />}
        <Button onClick={() => void copy()} aria-label={state === 'copied' ? `${label} copied` : `Copy ${label.toLowerCase()}`}>
          {state === 'copied' ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
          {state === 'copied' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      {state === 'failed' && (
        <p className="field__hint" role="status">
          Copying isn't allowed here; the text is selected, so press Ctrl+C (⌘C on a Mac).
        </p>
      )}
    </div>
  );
}
