import { Check, Column, Entity, Index } from 'typeorm';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { BaseEntity } from '../../../libs/database/base.entity';
import { User } from '../accounts/user.entity';

export const STATIC_PAGE_STATUSES = ['draft', 'published'] as const;
export type StaticPageStatus = (typeof STATIC_PAGE_STATUSES)[number];

/**
 * A page of the blog that is not an article (Ghost's pages): About, Contact, a colophon. It has its own
 * address (`/page/:slug`) and is in no list, feed or tag; published, it is in the sitemap, and with a
 * `menuPosition` in the site's menu. Editors and administrators write them.
 */
@Entity()
@Check('ck_static_pages_status', `"status" IN ('draft', 'published')`)
// A published page has the date it was first published; a draft that never was has none.
@Check('ck_static_pages_published_at', `"status" = 'draft' OR "published_at" IS NOT NULL`)
@Check('ck_static_pages_menu_position', `"menu_position" BETWEEN 1 AND 1000`)
@Index(['authorId'])
export class StaticPage extends BaseEntity {
  @Column({ type: 'varchar', length: 200, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  /** Markdown, rendered as an article's body is. */
  @Column({ type: 'text' })
  body: string;

  /** What the page is about, for link previews and search results (Ghost's excerpt); '' when none. */
  @Column({ type: 'text', default: '' })
  description: string;

  /** An image URL for the page's head and top, as an article's cover: an upload (`/media/...`) or http(s). */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  coverImage: string | null;

  /** What the cover shows, for those who cannot see it (its `alt`, and link previews' image:alt). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  coverImageAlt: string | null;

  /** A line shown under the cover (a credit, a place), plain text. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  coverImageCaption: string | null;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: StaticPageStatus;

  /** Where the page stands in the site's menu, from 1; null: not in the menu. */
  @Column({ type: 'integer', nullable: true })
  menuPosition: number | null;

  /** When it was first published (kept when it goes back to draft, as the page's date). */
  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** Who wrote it; null once that account is deleted. */
  @Column({ type: 'integer', nullable: true })
  authorId: number | null;

  @BelongsTo(() => User, 'SET NULL')
  author?: User;
}
