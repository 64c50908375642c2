/** What an endpoint can subscribe to: the domain events webhooks relay, and `ping` (sent on request). */
export const WEBHOOK_EVENTS = [
  'article.published',
  'article.updated',
  'article.unpublished',
  'article.deleted',
  'page.published',
  'page.updated',
  'page.unpublished',
  'page.deleted',
  'comment.created',
  'comment.deleted',
  'user.registered',
  'ping',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What an endpoint subscribes to: every event but `ping`, which is sent on an administrator's request. */
export const SUBSCRIBABLE_EVENTS = WEBHOOK_EVENTS.filter(
  (event): event is Exclude<WebhookEvent, 'ping'> => event !== 'ping',
);

/** The JSON body of every delivery (Standard Webhooks' `type`/`timestamp`/`data`, plus the id). */
export interface WebhookPayload {
  /** The delivery's id, also sent as the `webhook-id` header: the same on every retry. */
  id: string;
  type: WebhookEvent;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  /** The resource as the API shows it: `{ article }`, `{ page }`, `{ comment, article: { slug } }`, `{ profile }`. */
  data: Record<string, unknown>;
}
