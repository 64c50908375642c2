import { Check, Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import type { Role } from './staff-roles.types';

/** The case-insensitive unique index on lower(email) is hand-written in the CreateAuth migration. */
export const USER_EMAIL_INDEX = 'ux_users_lower_email';
/** The same for lower(username), hand-written in the UsernamesUniqueInAnyCase migration. */
export const USER_USERNAME_INDEX = 'ux_users_lower_username';
/** The active administrators (a partial index, hand-written in the StaffRoles migration). */
export const USER_ADMINISTRATORS_INDEX = 'ix_users_active_administrators';

/** Email and username are stored as typed, unique whatever their case, and found in any case. */
@Entity()
@Index(USER_EMAIL_INDEX, { synchronize: false })
@Index(USER_USERNAME_INDEX, { synchronize: false })
@Index(USER_ADMINISTRATORS_INDEX, { synchronize: false })
// A text column with a CHECK rather than a PostgreSQL enum: a new role is then one constraint swapped in
// a transaction, where an enum's ALTER TYPE ... ADD VALUE cannot be used in the transaction that adds it.
@Check('ck_users_role', `"role" IN ('contributor', 'author', 'editor', 'administrator')`)
export class User extends BaseEntity {
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** An argon2id PHC string; never leaves the service layer. Null: signs in with a provider only. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @Column({ type: 'text', nullable: true })
  bio: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  image: string | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'boolean', default: false })
  isVerified: boolean;

  /** The staff role (STAFF_ROLES); null for a reader. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  role: Role;
}
