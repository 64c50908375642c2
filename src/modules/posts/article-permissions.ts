import { ApiError } from '../../common/api-exception.filter';
import type { ArticleWriters } from '../../config/app-config';
import { hasRole, Role } from '../accounts/staff-roles.types';
import { ArticleStatus } from './article.entity';

/** Who acts on an article: the signed-in user's id and role. */
export interface Writer {
  id: number;
  role: Role;
}

/**
 * Who may do what to articles (docs/roles.md), written once. Contributors write and edit their own
 * drafts; authors (and readers, on an open site) publish and edit their own articles; editors and
 * administrators act on anyone's. On a staff-only site a reader writes nothing.
 */
export class ArticlePermissions {
  constructor(private readonly writers: ArticleWriters) {}

  /** A new article: refused to a reader on a staff-only site. */
  assertMayWrite(writer: Writer): void {
    if (this.writers === 'staff-only' && writer.role === null) {
      throw new ApiError(403, { user: 'must have a staff role to write articles on this site' });
    }
  }

  /** Whether the writer's articles may be published or scheduled (not a contributor's own). */
  mayPublish(writer: Writer): boolean {
    return writer.role !== 'contributor';
  }

  /**
   * A create or an edit asking for `status`: published and scheduled are refused to contributors, on
   * the field that asked (`status`, or `publishAt` for a schedule).
   */
  assertMayPublish(
    writer: Writer,
    status: ArticleStatus | undefined,
    field: 'status' | 'publishAt' = 'status',
  ): void {
    if (status !== undefined && status !== 'draft' && !this.mayPublish(writer)) {
      throw new ApiError(403, {
        [field]: 'cannot be published or scheduled by a contributor: an editor publishes it',
      });
    }
  }

  /**
   * An edit: editors and administrators edit anyone's article; an author (or a reader on an open site)
   * their own; a contributor their own while it is a draft.
   */
  assertMayEdit(writer: Writer, article: { authorId: number; status: ArticleStatus }): void {
    if (hasRole(writer.role, 'editor')) return;
    if (article.authorId !== writer.id) throw new ApiError(403, { article: 'forbidden' });
    this.assertMayWrite(writer);
    if (!this.mayPublish(writer) && article.status !== 'draft') {
      throw new ApiError(403, { article: 'is no longer a draft: only an editor may change it' });
    }
  }

  /**
   * A delete: editors and administrators delete any article; its author their own (whatever the
   * site's setting: anyone may take back what they wrote), a contributor only while it is a draft.
   */
  assertMayDelete(writer: Writer, article: { authorId: number; status: ArticleStatus }): void {
    if (hasRole(writer.role, 'editor')) return;
    if (article.authorId !== writer.id) throw new ApiError(403, { article: 'forbidden' });
    if (!this.mayPublish(writer) && article.status !== 'draft') {
      throw new ApiError(403, { article: 'is no longer a draft: only an editor may delete it' });
    }
  }
}
