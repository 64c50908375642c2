declare module '../../../libs/jobs/job-queue' {
  interface JobMap {
    /** Publishes the scheduled article when its time comes (enqueued to start then). */
    'article-publish': { articleId: number };
    /** Every minute: publishes every scheduled article whose time has passed (a backstop). */
    'article-publish-due': object;
    /** Hourly: keeps search's recent tier to the newest SEARCH_RECENT_ARTICLES published articles. */
    'article-search-trim': object;
  }
}

export {};
