import { Check, Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import { User } from '../accounts/user.entity';

@Entity()
@Unique(['followerId', 'followeeId'])
@Check('ck_follows_not_self', '"follower_id" <> "followee_id"')
export class Follow extends BaseEntity {
  @Column({ type: 'integer' })
  followerId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn()
  follower?: User;

  @Index()
  @Column({ type: 'integer' })
  followeeId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn()
  followee?: User;
}
