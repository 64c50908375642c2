declare module '../../../libs/jobs/job-queue' {
  interface JobMap {
    /** A newly published article: records a mail to each active subscriber and queues it, by batches. */
    'newsletter-article': { articleId: number };
    /** The article's mail to one subscriber; retried with backoff until the SMTP server takes it. */
    'newsletter-mail': { articleId: number; subscriberId: number };
    /** Daily: forgets the addresses whose confirmation link expired unused a week ago. */
    'newsletter-cleanup': Record<string, never>;
  }
}

export {};
