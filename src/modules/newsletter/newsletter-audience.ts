import { Injectable } from '@nestjs/common';
import { DatabaseNotifications } from '../../../libs/database/database-notifications';
import { KeptCopy } from '../../../libs/database/kept-copy';
import { NewsletterSubscribersRepository } from './newsletter-subscribers.repository';

/** Notified at commit by the trigger of migration Newsletter, on any change of a subscriber's status. */
export const NEWSLETTER_SUBSCRIBERS_CHANNEL = 'folio_newsletter_subscribers';

/**
 * Whether the newsletter has any reader, kept in memory (KeptCopy): every publication asks, so a blog
 * nobody subscribed to pays no statement for the newsletter when it publishes.
 */
@Injectable()
export class NewsletterAudience {
  private readonly anyone: KeptCopy<boolean>;

  constructor(notifications: DatabaseNotifications, subscribers: NewsletterSubscribersRepository) {
    this.anyone = new KeptCopy(notifications, NEWSLETTER_SUBSCRIBERS_CHANNEL, () =>
      subscribers.hasActive(),
    );
  }

  /** Whether any address is subscribed (from memory while the kept answer is current). */
  hasReaders(): Promise<boolean> {
    return this.anyone.value();
  }

  /** Whether nobody is subscribed, known from memory now (without a statement). */
  knownEmpty(): boolean {
    return this.anyone.current() === false;
  }
}
