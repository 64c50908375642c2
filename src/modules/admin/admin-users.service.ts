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
  NewInvitation,
} from './dto/admin-user.dto';

/** Only the fields the admin pages show, whatever else an Account carries one day. */
function pickView(account: Account): Omit<AdminUserView, 'isSuperuser'> {
  return pickFields(account, [
    'id',
    'email',
    'username',
    'bio',
    'image',
    'isActive',
    'isVerified',
    'role',
    'hasPassword',
    'createdAt',
    'updatedAt',
  ]);
}

/** An account as the admin API shows it: isSuperuser is derived from the role, for older clients. */
function toAdminView(account: Account): AdminUserView {
  return { ...pickView(account), isSuperuser: account.role === 'administrator' };
}

/** The id of the last user a page showed, which its cursor holds; a 422 on `cursor` otherwise. */
function userIdOf(cursor: string): number {
  const [id] = decodeCursor(cursor, ['int'] as const);
  if (id < 1 || id > MAX_ID) throw new ApiError(422, { cursor: 'is invalid' });
  return id;
}

/** User management for administrators. */
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
   * Activates, deactivates, verifies, sets the role. Deactivating signs the user out everywhere. The
   * last active administrator can lose neither the role nor the account (409), themselves included.
   */
  async update(actorId: number, id: number, changes: AdminUserChanges): Promise<AdminUserView> {
    const target = await this.find(id);
    if (
      changes.isActive === false ||
      (changes.role !== undefined && changes.role !== 'administrator')
    ) {
      await this.assertAdministratorRemains(actorId, target.id);
    }
    return toAdminView(await this.accounts.setFlags(id, changes));
  }

  /** The invited person's account, with the role; they are mailed a link to choose their password. */
  async invite(invitation: NewInvitation): Promise<AdminUserView> {
    return toAdminView(
      await this.accounts.invite({
        email: invitation.email,
        username: invitation.username,
        role: invitation.role ?? null,
      }),
    );
  }

  /** A new invitation link, for an account whose owner has not chosen a password yet. */
  async resendInvitation(id: number): Promise<AdminUserView> {
    return toAdminView(await this.accounts.resendInvitation(id));
  }

  async remove(actorId: number, id: number): Promise<void> {
    if (id === actorId) throw new ApiError(409, { user: 'cannot delete yourself' });
    await this.assertAdministratorRemains(actorId, id);
    await this.find(id);
    await this.accounts.delete(id);
  }

  /**
   * Before a change that may take an administrator away (`targetId` deactivated, given another role,
   * deleted): every active administrator's row is locked (SELECT ... FOR UPDATE, in the request's
   * transaction) and read again. The guard read the actor before this transaction began; two
   * administrators demoting each other at once would otherwise both pass and leave none. Under the
   * locks the second sees the first's change: a demoted actor is refused as a moment later (403, or
   * 401 once deactivated), and the last administrator stays one (409).
   */
  private async assertAdministratorRemains(actorId: number, targetId: number): Promise<void> {
    const administratorIds = await this.accounts.lockActiveAdministratorIds();
    if (!administratorIds.includes(actorId)) {
      const actor = await this.accounts.findById(actorId);
      if (!actor?.isActive) throw new ApiError(401, { token: 'is invalid' });
      throw new ApiError(403, { user: 'must be an administrator' });
    }
    if (administratorIds.length === 1 && administratorIds[0] === targetId) {
      throw new ApiError(409, {
        user: 'is the last administrator: make another user an administrator first',
      });
    }
  }

  private async find(id: number): Promise<Account> {
    const account = await this.accounts.findById(id);
    if (!account) throw new ApiError(404, { user: 'not found' });
    return account;
  }
}
