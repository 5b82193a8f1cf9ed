/** What the self-service module offers other modules: the customer's manage link for emails. */
export { manageUrl } from './manage-link';
