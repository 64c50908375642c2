import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { WebhookEvent } from 'src/api/types';
import type { MessageSchema } from 'src/boot/i18n';

/**
 * Every event an endpoint can subscribe to, with the key of its explanation. A Record over the API's
 * event type: an event the API adds or drops is a type error here until this list follows.
 */
const EVENT_TEXT: Record<WebhookEvent, keyof MessageSchema['webhooks']['eventText']> = {
  'article.published': 'articlePublished',
  'article.updated': 'articleUpdated',
  'article.unpublished': 'articleUnpublished',
  'article.deleted': 'articleDeleted',
  'page.published': 'pagePublished',
  'page.updated': 'pageUpdated',
  'page.unpublished': 'pageUnpublished',
  'page.deleted': 'pageDeleted',
  'comment.created': 'commentCreated',
  'comment.deleted': 'commentDeleted',
  'user.registered': 'userRegistered',
};

/** The subscribable events as checkbox options: the explanation, then the event's name. */
export function useWebhookEvents() {
  const { t } = useI18n();
  return computed(() =>
    (Object.keys(EVENT_TEXT) as WebhookEvent[]).map((event) => ({
      value: event,
      label: `${t(`webhooks.eventText.${EVENT_TEXT[event]}`)} (${event})`,
    })),
  );
}
