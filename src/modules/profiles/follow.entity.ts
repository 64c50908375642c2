import { Check, Column, Entity, Index, Unique } from 'typeorm';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { BaseEntity } from '../../../libs/database/base.entity';
import { User } from '../accounts/user.entity';

@Entity()
@Unique(['followerId', 'followeeId'])
@Check('ck_follows_not_self', '"follower_id" <> "followee_id"')
export class Follow extends BaseEntity {
  @Column({ type: 'integer' })
  followerId: number;

  @BelongsTo(() => User)
  follower?: User;

  @Index()
  @Column({ type: 'integer' })
  followeeId: number;

  @BelongsTo(() => User)
  followee?: User;
}
