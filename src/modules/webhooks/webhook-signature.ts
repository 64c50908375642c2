import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new endpoint secret in the Standard Webhooks form: `whsec_` and base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A new delivery id (`webhook-id`). */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

/**
 * The Standard Webhooks headers of one try: `webhook-signature` is `v1,` and the base64 HMAC-SHA256,
 * keyed with the secret's decoded bytes, of `<webhook-id>.<webhook-timestamp>.<body>`: one such
 * signature per secret, separated by spaces (the current secret's first; during a rotation's overlap
 * the previous one's too), of which a receiver needs one to match.
 */
export function signatureHeaders(
  secrets: readonly string[],
  messageId: string,
  body: string,
  at: Date,
): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets
      .map((secret) => new Webhook(secret).sign(messageId, at, body))
      .join(' '),
  };
}
