import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/api-exception.filter';
import { Account } from '../accounts/account.types';
import { AccountsService } from '../accounts/accounts.service';
import { FollowsRepository } from './follows.repository';
import { PROFILE_SQL, ProfileSql } from './profile.sql';
import { Profile } from './profile.types';

export type { Profile } from './profile.types';
export type { ProfileColumns, ProfileSql } from './profile.sql';
export { profileFromColumns } from './profile.sql';

function toProfile(user: Account, following: boolean): Profile {
  return { username: user.username, bio: user.bio, image: user.image, following };
}

/** Users as others see them, and who follows whom. Exported for the other feature modules. */
@Injectable()
export class ProfilesService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly follows: FollowsRepository,
  ) {}

  /** For other modules' statements that need authors' profiles: see ProfileSql. */
  readonly sql: ProfileSql = PROFILE_SQL;

  /**
   * Profiles by user id, as `readerId` sees them: two statements whatever the count (none for an
   * empty list). Ids with no user are absent from the map.
   */
  async getProfiles(userIds: readonly number[], readerId?: number): Promise<Map<number, Profile>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Map();
    // One after the other: inside a transaction both would share one connection anyway.
    const users = await this.accounts.findByIds(ids);
    const followed =
      readerId === undefined ? new Set<number>() : await this.follows.followedAmong(readerId, ids);
    return new Map(users.map((user) => [user.id, toProfile(user, followed.has(user.id))]));
  }

  /** The ids of the users `userId` follows. */
  getFolloweeIds(userId: number): Promise<number[]> {
    return this.follows.followeeIds(userId);
  }

  async findUserIdByUsername(username: string): Promise<number | null> {
    const user = await this.accounts.findByUsername(username);
    return user?.id ?? null;
  }

  /** 404 `profile: not found` when there is no such user, or they are deactivated. */
  async getProfile(username: string, readerId?: number): Promise<Profile> {
    const user = await this.getUser(username);
    const following =
      readerId !== undefined &&
      (await this.follows.followedAmong(readerId, [user.id])).has(user.id);
    return toProfile(user, following);
  }

  async follow(readerId: number, username: string): Promise<Profile> {
    const user = await this.getUser(username);
    if (user.id === readerId) throw new ApiError(422, { profile: 'cannot follow yourself' });
    await this.follows.follow(readerId, user.id);
    return toProfile(user, true);
  }

  async unfollow(readerId: number, username: string): Promise<Profile> {
    const user = await this.getUser(username);
    await this.follows.unfollow(readerId, user.id);
    return toProfile(user, false);
  }

  /** A deactivated user's profile is gone, as on the site's pages: 404 like an unknown one. */
  private async getUser(username: string): Promise<Account> {
    const user = await this.accounts.findByUsername(username);
    if (!user?.isActive) throw new ApiError(404, { profile: 'not found' });
    return user;
  }
}
