declare module '../../../libs/jobs/job-queue' {
  interface JobMap {
    /** Daily: deletes uploads older than a day that no article body or user image references. */
    'media-orphan-cleanup': Record<string, never>;
  }
}

export {};
