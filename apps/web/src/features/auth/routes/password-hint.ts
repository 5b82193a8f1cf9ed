/** The rules a new password meets, as the API checks them (apps/api/src/platform/password-policy.ts). */
export const PASSWORD_HINT = 'At least 10 characters. Not a common password, and not your name, email or business name: a few unrelated words work well.';
