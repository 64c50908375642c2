declare module '../../../libs/jobs/job-queue' {
  interface JobMap {
    /** One try of one delivery (a webhook_deliveries row); retried with backoff on failure. */
    'webhook-delivery': { deliveryId: number };
    /** Daily: deletes finished deliveries older than JOBS_RETENTION_DAYS from the log. */
    'webhook-log-cleanup': Record<string, never>;
  }
}

export {};
