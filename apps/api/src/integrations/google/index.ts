// The Google adapter's public face: the OAuth client, the Calendar gateway and our types (nothing from the SDKs).
export { createGoogleOAuth, GOOGLE_CALENDAR_SCOPES, type GoogleAuthorization, type GoogleOAuth } from './client';
export { GoogleApiError, kindOf, type GoogleFailureKind } from './errors';
export * from './types';
