import type { Config } from '../../config';
import { linkToken } from '../../platform/link-tokens';

/**
 * An invitation's token is derived from it (platform/link-tokens): HMAC(SECRET_KEY, id, link
 * version). The invitation stores its SHA-256; the email job carries the id and version and
 * derives the token again to send it. Only the invitee's mailbox ever holds the link, so
 * following it shows the address is theirs.
 */
export const invitationToken = (config: Pick<Config, 'SECRET_KEY'>, invitation: { id: string; linkVersion: number }) =>
  linkToken(config.SECRET_KEY, 'invitation', invitation.id, invitation.linkVersion);

export const acceptUrlFor = (config: Pick<Config, 'SECRET_KEY' | 'PUBLIC_URL'>, invitation: { id: string; linkVersion: number }) =>
  new URL(`/accept-invitation/${invitationToken(config, invitation)}`, config.PUBLIC_URL).toString();
