import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';

/** The case-insensitive unique index on lower(email) is hand-written in the CreateAuth migration. */
export const USER_EMAIL_INDEX = 'ux_users_lower_email';
/** The same for lower(username), hand-written in the UsernamesUniqueInAnyCase migration. */
export const USER_USERNAME_INDEX = 'ux_users_lower_username';

/** Email and username are stored as typed, unique whatever their case, and found in any case. */
@Entity()
@Index(USER_EMAIL_INDEX, { synchronize: false })
@Index(USER_USERNAME_INDEX, { synchronize: false })
export class User extends BaseEntity {
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** An argon2id PHC string; never leaves the service layer. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'text', nullable: true })
  bio: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  image: string | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'boolean', default: false })
  isVerified: boolean;

  @Column({ type: 'boolean', default: false })
  isSuperuser: boolean;
}
