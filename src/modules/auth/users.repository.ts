import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { User } from './user.entity';

export interface UserFilter {
  email?: string;
  username?: string;
  isActive?: boolean;
  isVerified?: boolean;
}

@Injectable()
export class UsersRepository extends BaseRepository<User> {
  constructor(session: DatabaseSession) {
    super(session, User);
  }

  /** Emails are unique whatever their case (a unique index on lower(email)). */
  findByEmail(email: string): Promise<User | null> {
    return this.query((repository) =>
      repository
        .createQueryBuilder('u')
        .where('lower(u.email) = lower(:email)', { email })
        .getOne(),
    );
  }

  findByUsernames(usernames: readonly string[]): Promise<User[]> {
    return this.query((repository) =>
      repository
        .createQueryBuilder('u')
        .where('u.username = ANY(:usernames)', { usernames })
        .getMany(),
    );
  }

  findByIds(ids: readonly number[]): Promise<User[]> {
    return this.query((repository) =>
      repository.createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany(),
    );
  }

  anySuperuser(): Promise<boolean> {
    return this.query((repository) => repository.exists({ where: { isSuperuser: true } }));
  }

  /** A page of users for admins, newest first, with the total count of the filter. */
  search(filter: UserFilter, limit: number, offset: number): Promise<[User[], number]> {
    return this.query((repository) => {
      const builder = repository.createQueryBuilder('u');
      if (filter.email) builder.andWhere('u.email ILIKE :email', { email: like(filter.email) });
      if (filter.username) {
        builder.andWhere('u.username ILIKE :username', { username: like(filter.username) });
      }
      if (filter.isActive !== undefined) {
        builder.andWhere('u.isActive = :active', { active: filter.isActive });
      }
      if (filter.isVerified !== undefined) {
        builder.andWhere('u.isVerified = :verified', { verified: filter.isVerified });
      }
      return builder.orderBy('u.id', 'DESC').take(limit).skip(offset).getManyAndCount();
    });
  }
}

/** A substring match with the user's % and _ taken literally. */
function like(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
