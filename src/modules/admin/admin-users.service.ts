import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/api-exception.filter';
import { assertOneStart, decodeCursor, encodeCursor } from '../../common/cursor';
import { MAX_ID } from '../../common/id.pipe';
import { pickFields } from '../../common/pick-fields';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination-query.dto';
import { Account } from '../accounts/account.types';
import { AccountsService } from '../accounts/accounts.service';
import {
  AdminUserChanges,
  AdminUsersResponseDto,
  AdminUserView,
  ListUsersQuery,
} from './dto/admin-user.dto';

/** Only the fields the admin pages show, whatever else an Account carries one day. */
function toAdminView(account: Account): AdminUserView {
  return pickFields(account, [
    'id',
    'email',
    'username',
    'bio',
    'image',
    'isActive',
    'isVerified',
    'isSuperuser',
    'createdAt',
    'updatedAt',
  ]);
}

/** The id of the last user a page showed, which its cursor holds; a 422 on `cursor` otherwise. */
function userIdOf(cursor: string): number {
  const [id] = decodeCursor(cursor, ['int'] as const);
  if (id < 1 || id > MAX_ID) throw new ApiError(422, { cursor: 'is invalid' });
  return id;
}

/** User management for superusers. */
@Injectable()
export class AdminUsersService {
  constructor(private readonly accounts: AccountsService) {}

  /** A page by offset or after a cursor (the last user a page showed), and the cursor of the next. */
  async list(query: ListUsersQuery): Promise<AdminUsersResponseDto> {
    assertOneStart(query);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // One row past the page says whether a next one exists.
    const [accounts, usersCount] = await this.accounts.search(
      {
        email: query.email,
        username: query.username,
        isActive: query.active,
        isVerified: query.verified,
      },
      limit + 1,
      query.offset ?? 0,
      query.cursor === undefined ? null : userIdOf(query.cursor),
    );
    const users = accounts.slice(0, limit).map(toAdminView);
    const last = users.at(-1);
    return {
      users,
      usersCount,
      nextCursor: accounts.length > limit && last ? encodeCursor([last.id]) : null,
    };
  }

  async get(id: number): Promise<AdminUserView> {
    return toAdminView(await this.find(id));
  }

  /**
   * Activates, deactivates, verifies, grants or drops superuser. Deactivating signs the user out
   * everywhere. A superuser cannot deactivate or demote themselves (no locking the last one out).
   */
  async update(actorId: number, id: number, changes: AdminUserChanges): Promise<AdminUserView> {
    if (id === actorId && (changes.isActive === false || changes.isSuperuser === false)) {
      throw new ApiError(409, { user: 'cannot deactivate or demote yourself' });
    }
    if (changes.isActive === false || changes.isSuperuser === false) {
      await this.assertActorStillSuperuser(actorId);
    }
    await this.find(id);
    return toAdminView(await this.accounts.setFlags(id, changes));
  }

  async remove(actorId: number, id: number): Promise<void> {
    if (id === actorId) throw new ApiError(409, { user: 'cannot delete yourself' });
    await this.assertActorStillSuperuser(actorId);
    await this.find(id);
    await this.accounts.delete(id);
  }

  /**
   * Before a change that takes a superuser away: the actor must still be an active superuser once the
   * superusers' rows are locked. The guard read the actor before this transaction began; two
   * superusers demoting each other at once would otherwise both succeed and leave none. Under the
   * locks the second sees the first's change and is refused as it would be a moment later (a
   * deactivated actor's token is invalid, a demoted one is no superuser), and since nobody may remove
   * themselves, the actor is a superuser who remains.
   */
  private async assertActorStillSuperuser(actorId: number): Promise<void> {
    const superuserIds = await this.accounts.lockActiveSuperuserIds();
    if (superuserIds.includes(actorId)) return;
    const actor = await this.accounts.findById(actorId);
    if (!actor?.isActive) throw new ApiError(401, { token: 'is invalid' });
    throw new ApiError(403, { user: 'must be a superuser' });
  }

  private async find(id: number): Promise<Account> {
    const account = await this.accounts.findById(id);
    if (!account) throw new ApiError(404, { user: 'not found' });
    return account;
  }
}
