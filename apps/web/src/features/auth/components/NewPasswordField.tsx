import { TextField } from '../../../ui/Field';
import { PASSWORD_HINT } from '../routes/password-hint';

/** The field where a person chooses a password, with the rules the API applies as its hint. */
export function NewPasswordField({ label, error }: { label: string; error?: string }) {
  return <TextField label={label} name="password" type="password" autoComplete="new-password" required error={error} hint={PASSWORD_HINT} />;
}
