import { Injectable } from '@nestjs/common';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { BaseRepository } from '../../../libs/database/base.repository';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { DatabaseSession } from '../../../libs/database/database-session';
import { AccessCache } from './access-cache';
import { AccountFilter } from './account.types';
import { User } from './user.entity';

/** The user's columns the guard reads with a token; migration AccessNotify's trigger watches them too. */
const ACCESS_COLUMNS: readonly (keyof User)[] = [
  'isActive',
  'role',
  'isVerified',
  'username',
  'email',
];

@Injectable()
export class UsersRepository extends BaseRepository<User> {
  constructor(
    session: DatabaseSession,
    private readonly access: AccessCache,
  ) {
    super(session, User);
  }

  /** A change to what the guard knows of a user (ACCESS_COLUMNS) drops the kept tokens (AccessCache). */
  override async update(id: number, changes: QueryDeepPartialEntity<User>): Promise<User> {
    const user = await super.update(id, changes);
    if (ACCESS_COLUMNS.some((column) => column in changes)) this.access.changed();
    return user;
  }

  override delete(id: number): Promise<boolean> {
    return this.access.changedBy(super.delete(id));
  }

  /** Emails are unique whatever their case (a unique index on lower(email)). */
  findByEmail(email: string): Promise<User | null> {
    return this.findByLowered('email', email);
  }

  /**
   * The account with that email, its row locked until the transaction ends. A concurrent email change
   * commits first or waits: the row found still has the address asked for (PostgreSQL re-checks the
   * condition on the row it locks).
   */
  findByEmailForUpdate(email: string): Promise<User | null> {
    return this.findByLowered('email', email, 'pessimistic_write');
  }

  /** Usernames are unique whatever their case (a unique index on lower(username)), found in any case. */
  findByUsername(username: string): Promise<User | null> {
    return this.findByLowered('username', username);
  }

  findByIds(ids: readonly number[]): Promise<User[]> {
    return this.query((repository) =>
      repository.createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany(),
    );
  }

  /** The user's row, locked until the transaction ends: changes that read-then-write it serialize. */
  findForUpdate(id: number): Promise<User | null> {
    return this.query((repository) =>
      repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }),
    );
  }

  /** Like findForUpdate, but a missing row is a RecordNotFoundError. */
  async getForUpdate(id: number): Promise<User> {
    const user = await this.findForUpdate(id);
    if (!user) throw new RecordNotFoundError(this.entityName);
    return user;
  }

  /**
   * The ids of the active administrators, their rows locked until the transaction ends (SELECT ... FOR
   * UPDATE), in id order (so two admins taking the locks never deadlock). A row changed meanwhile is
   * re-checked by PostgreSQL once its lock is granted: one demoted or deactivated by a transaction
   * that just committed is not returned. The partial index ix_users_active_administrators serves it.
   */
  lockActiveAdministratorIds(): Promise<number[]> {
    return this.query(async (repository) => {
      const rows = await repository
        .createQueryBuilder('u')
        .select('u.id')
        .where("u.role = 'administrator' AND u.isActive")
        .orderBy('u.id')
        .setLock('pessimistic_write')
        .getMany();
      return rows.map((row) => row.id);
    });
  }

  /**
   * A page of users for admins, newest first, with the total count of the filter (over every page).
   * `beforeId` starts the page after that user (keyset: the same cost at any depth).
   */
  search(
    filter: AccountFilter,
    limit: number,
    offset: number,
    beforeId: number | null = null,
  ): Promise<[User[], number]> {
    return this.query(async (repository) => {
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
      const page = builder.clone().orderBy('u.id', 'DESC').take(limit).skip(offset);
      if (beforeId !== null) page.andWhere('u.id < :beforeId', { beforeId });
      return [await page.getMany(), await builder.getCount()];
    });
  }

  /** The user whose `column` equals `value` whatever the case, as its unique index on lower() serves. */
  private findByLowered(
    column: 'email' | 'username',
    value: string,
    lock?: 'pessimistic_write',
  ): Promise<User | null> {
    return this.query((repository) => {
      const builder = repository
        .createQueryBuilder('u')
        .where(`lower(u.${column}) = lower(:value)`, { value });
      if (lock) builder.setLock(lock);
      return builder.getOne();
    });
  }
}

/** A substring match with the user's % and _ taken literally. */
function like(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
