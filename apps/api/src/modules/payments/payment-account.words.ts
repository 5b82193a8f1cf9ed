/**
 * Stripe's requirement codes and disabled reasons in the words an owner reads on the Payments
 * page and in emails. Codes not listed are turned into words from their own parts, so a new code
 * from Stripe still reads as something rather than as `company.tax_id`.
 */

const REQUIREMENTS: Record<string, string> = {
  'business_profile.url': 'Business website',
  'business_profile.mcc': 'Business category',
  'business_profile.product_description': 'What the business sells',
  'business_profile.name': 'Business name',
  business_type: 'Type of business',
  external_account: 'Bank account for payouts',
  'tos_acceptance.date': "Acceptance of Stripe's terms of service",
  'tos_acceptance.ip': "Acceptance of Stripe's terms of service",
  'representative.first_name': "Representative's first name",
  'representative.last_name': "Representative's last name",
  'representative.dob.day': "Representative's date of birth",
  'representative.dob.month': "Representative's date of birth",
  'representative.dob.year': "Representative's date of birth",
  'representative.email': "Representative's email address",
  'representative.phone': "Representative's phone number",
  'representative.address.line1': "Representative's address",
  'representative.address.city': "Representative's address",
  'representative.address.postal_code': "Representative's address",
  'representative.id_number': "Representative's ID number",
  'representative.ssn_last_4': "Last 4 digits of the representative's SSN",
  'representative.verification.document': "Representative's identity document",
  'individual.first_name': 'Your first name',
  'individual.last_name': 'Your last name',
  'individual.dob.day': 'Your date of birth',
  'individual.dob.month': 'Your date of birth',
  'individual.dob.year': 'Your date of birth',
  'individual.email': 'Your email address',
  'individual.phone': 'Your phone number',
  'individual.address.line1': 'Your address',
  'individual.address.city': 'Your address',
  'individual.address.postal_code': 'Your address',
  'individual.id_number': 'Your ID number',
  'individual.ssn_last_4': 'Last 4 digits of your SSN',
  'individual.verification.document': 'Your identity document',
  'company.name': 'Company name',
  'company.tax_id': 'Company tax ID',
  'company.phone': 'Company phone number',
  'company.address.line1': 'Company address',
  'company.address.city': 'Company address',
  'company.address.postal_code': 'Company address',
  'company.owners_provided': 'The company owners',
  'company.directors_provided': 'The company directors',
  'company.executives_provided': 'The company executives',
  'company.verification.document': 'Company verification document',
  'settings.payments.statement_descriptor': 'How payments appear on card statements',
};

const DISABLED_REASONS: Record<string, string> = {
  'requirements.past_due': 'Stripe needs more information about the business',
  'requirements.pending_verification': 'Stripe is verifying the information provided',
  'action_required.requested_capabilities': 'Card payments have not been requested for this account',
  listed: 'The account is on a prohibited persons or companies list',
  platform_paused: 'Payments are paused by Slotwise',
  'rejected.fraud': 'Stripe rejected the account (suspected fraud)',
  'rejected.incomplete_verification': 'Stripe rejected the account (verification was not completed)',
  'rejected.listed': 'Stripe rejected the account (on a prohibited list)',
  'rejected.other': 'Stripe rejected the account',
  'rejected.terms_of_service': 'Stripe rejected the account (terms of service)',
  under_review: 'Stripe is reviewing the account',
  other: 'Stripe has disabled payments on the account',
};

function fromParts(code: string): string {
  const text = code
    .replace(/^(person_[A-Za-z0-9]+|individual|representative|company|business_profile|settings)\./, '')
    .replace(/[._]+/g, ' ')
    .trim();
  return text ? text[0]!.toUpperCase() + text.slice(1) : code;
}

/** Plain words for `requirements.currently_due`, each once, in Stripe's order. */
export function requirementsInWords(codes: readonly string[]): string[] {
  return [...new Set(codes.map((code) => REQUIREMENTS[code] ?? fromParts(code)))];
}

export function disabledReasonInWords(reason: string | null): string | null {
  if (!reason) return null;
  return DISABLED_REASONS[reason] ?? fromParts(reason);
}
