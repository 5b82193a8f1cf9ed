/**
 * What the notifications module offers other modules besides its service: the renderers of the emails
 * that auth (account links) and tenant (invitations) send from their own jobs.
 */
export { renderAccountEmail, renderInvitationEmail, type AccountEmail } from './email-templates';
