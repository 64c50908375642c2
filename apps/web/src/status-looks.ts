import type { StaticPageStatus, SubscriberStatus } from 'src/api/types';

/** How a StatusBadge shows each status of one kind: its colours, where its words are, its test name. */
export interface StatusLooks<S extends string> {
  /** The i18n key under which each status has its words (`<labels>.<status>`). */
  labels: string;
  test: string;
  colors: Record<S, { color: string; textColor: string }>;
}

/** A static page: a draft orange (as an article's draft badge), a published page green (as an active webhook). */
export const STATIC_PAGE_LOOKS: StatusLooks<StaticPageStatus> = {
  labels: 'staticPages.status',
  test: 'page-status',
  colors: {
    draft: { color: 'orange', textColor: 'black' },
    published: { color: 'positive', textColor: 'white' },
  },
};

/**
 * A subscriber: pending orange (as a draft: not there yet), active green (as a published page),
 * unsubscribed grey, bounced red (an address that does not work: worth a look).
 */
export const SUBSCRIBER_LOOKS: StatusLooks<SubscriberStatus> = {
  labels: 'subscribers.statuses',
  test: 'subscriber-status',
  colors: {
    pending: { color: 'orange', textColor: 'black' },
    active: { color: 'positive', textColor: 'white' },
    unsubscribed: { color: 'grey-7', textColor: 'white' },
    bounced: { color: 'negative', textColor: 'white' },
  },
};
