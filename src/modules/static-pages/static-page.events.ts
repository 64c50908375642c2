import { StaticPageStatus } from './static-page.entity';

/** What subscribers learn of a static page: enough to find it, never its text (they ask StaticPagesService). */
export interface StaticPageEvent {
  pageId: number;
  slug: string;
  status: StaticPageStatus;
  /** On `page.updated`: its address and status before the edit. */
  previous?: { slug: string; status: StaticPageStatus };
}

declare module '../../../libs/events/domain-events' {
  interface DomainEventMap {
    /** Created as published, or a draft made public. */
    'page.published': StaticPageEvent;
    /** Any edit (the status included), after it is stored. */
    'page.updated': StaticPageEvent;
    /** A published page made a draft again. */
    'page.unpublished': StaticPageEvent;
    'page.deleted': StaticPageEvent;
  }
}
