/** What subscribers learn of a comment: enough to find it and its article. */
export interface CommentEvent {
  commentId: number;
  articleSlug: string;
  authorId: number;
}

declare module '../../../libs/events/domain-events' {
  interface DomainEventMap {
    'comment.created': CommentEvent;
    'comment.deleted': CommentEvent;
  }
}
