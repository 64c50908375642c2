import { Column, Entity, Index } from 'typeorm';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { BaseEntity } from '../../../libs/database/base.entity';
import { User } from '../accounts/user.entity';
import { Article } from './article.entity';

/**
 * A version of an article's text (title, description, body), as Ghost's post history keeps them: one
 * an editing session (saves by the same person within REVISION_SESSION_MINUTES of its first save
 * replace its text, so a draft's autosave every few seconds makes one revision, not hundreds), the
 * last REVISIONS_KEPT of an article. `createdAt` is the session's first save, `updatedAt` its last.
 */
@Entity()
@Index(['articleId', 'updatedAt'])
@Index(['editorId'])
export class ArticleRevision extends BaseEntity {
  @Column({ type: 'integer' })
  articleId: number;

  @BelongsTo(() => Article)
  article?: Article;

  /** Who saved it; null once that account is deleted, or for the text an article had before its history began. */
  @Column({ type: 'integer', nullable: true })
  editorId: number | null;

  @BelongsTo(() => User, 'SET NULL')
  editor?: User;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  body: string;
}
