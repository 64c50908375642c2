import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import { User } from '../accounts/user.entity';
import { Article } from './article.entity';

/** One reader's favorite; (userId, articleId) is unique and serves `?favorited=`. */
@Entity()
@Index(['userId', 'articleId'], { unique: true })
@Index(['articleId'])
export class Favorite extends BaseEntity {
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn()
  user?: User;

  @Column({ type: 'integer' })
  articleId: number;

  @ManyToOne(() => Article, { onDelete: 'CASCADE' })
  @JoinColumn()
  article?: Article;
}
