import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/api-exception.filter';
import { AccessTokensService } from './access-tokens.service';
import { AdminUserChanges, AdminUserView, ListUsersQuery } from './dto/admin-user.dto';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

function toAdminView(user: User): AdminUserView {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    bio: user.bio ?? null,
    image: user.image ?? null,
    isActive: user.isActive,
    isVerified: user.isVerified,
    isSuperuser: user.isSuperuser,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/** User management for superusers. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly accessTokens: AccessTokensService,
  ) {}

  async list(query: ListUsersQuery): Promise<{ users: AdminUserView[]; usersCount: number }> {
    const [users, usersCount] = await this.users.search(
      {
        email: query.email,
        username: query.username,
        isActive: query.active,
        isVerified: query.verified,
      },
      query.limit ?? 20,
      query.offset ?? 0,
    );
    return { users: users.map(toAdminView), usersCount };
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
    await this.find(id);
    const user = await this.users.update(id, { ...changes });
    if (changes.isActive === false) await this.accessTokens.revokeAll(id);
    return toAdminView(user);
  }

  async remove(actorId: number, id: number): Promise<void> {
    if (id === actorId) throw new ApiError(409, { user: 'cannot delete yourself' });
    await this.find(id);
    await this.users.delete(id);
  }

  private async find(id: number): Promise<User> {
    const user = id > 0 && id <= 2_147_483_647 ? await this.users.findOne({ id }) : null;
    if (!user) throw new ApiError(404, { user: 'not found' });
    return user;
  }
}
