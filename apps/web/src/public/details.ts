/** The customer's details on the booking form, checked the way the API checks them. */
export type DetailsValues = { name: string; email: string; phone: string; notes: string };
export type DetailsErrors = Partial<Record<keyof DetailsValues, string>>;

export const EMPTY_DETAILS: DetailsValues = { name: '', email: '', phone: '', notes: '' };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{5,30}$/;

export function validateDetails(values: DetailsValues): DetailsErrors {
  const errors: DetailsErrors = {};
  const name = values.name.trim();
  const email = values.email.trim();
  const phone = values.phone.trim();
  if (!name) errors.name = 'Please enter your name.';
  else if (name.length > 120) errors.name = 'Please keep your name under 120 characters.';
  if (!email) errors.email = 'Please enter your email address, so we can send your confirmation.';
  else if (email.length > 254 || !EMAIL.test(email)) errors.email = 'Enter an email address like name@example.com.';
  if (phone && !PHONE.test(phone)) errors.phone = 'Enter a phone number with digits, spaces and + ( ) - only.';
  if (values.notes.trim().length > 2000) errors.notes = 'Please keep notes under 2,000 characters.';
  return errors;
}
