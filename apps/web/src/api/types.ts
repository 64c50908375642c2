/**
 * The API's shapes under the names the site uses. They come from schema.ts, which openapi-typescript
 * generates from the server's OpenAPI document (`npm run web:api-types` at the repository root), so a
 * changed field in a DTO is a type error here rather than a surprise in the browser.
 */
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/**
 * The document's schema once it describes one, the written shape while the document still has an empty
 * object for it (an undecorated DTO). When the server documents the DTO, regenerating switches to the
 * generated type and the type check shows anything that differs.
 */
type Documented<Generated, Written> = string extends keyof Generated ? Written : Generated;

// Articles, comments, categories, tags
export type Article = Schemas['ArticleDto'];
/** An article in a list: everything but the body. */
export type ArticleSummary = Schemas['ArticleSummaryDto'];
export type ArticleList = Schemas['MultipleArticlesResponseDto'];
export type ArticleStatus = Article['status'];
export type ArticleInput = Schemas['NewArticleDto'];
export type ArticleChanges = Schemas['ArticleChangesDto'];
export type ArticleQuery = NonNullable<paths['/api/articles']['get']['parameters']['query']>;
export type FeedQuery = NonNullable<paths['/api/articles/feed']['get']['parameters']['query']>;
export type Comment = Schemas['CommentDto'];
export type Category = Schemas['CategoryDto'];
export type CategoryInput = Schemas['NewCategoryDto'];
export type CategoryChanges = Schemas['CategoryChangesDto'];

// Accounts and profiles
export type User = Schemas['UserView'];
export type Profile = Schemas['ProfileDto'];

export type LoginBody = Documented<
  Schemas['LoginUserDto'],
  { user: { email: string; password: string } }
>;
export type RegisterBody = Documented<
  Schemas['RegisterUserDto'],
  { user: { username: string; email: string; password: string } }
>;
export type SettingsBody = Documented<
  Schemas['UpdateUserDto'],
  {
    user: {
      email?: string;
      username?: string;
      bio?: string | null;
      image?: string | null;
      password?: string;
    };
  }
>;
export type SettingsInput = SettingsBody['user'];
export type AccountEmailBody = Documented<Schemas['AccountEmailDto'], { email: string }>;
export type OneTimeTokenBody = Documented<Schemas['OneTimeTokenDto'], { token: string }>;
export type ResetPasswordBody = Documented<
  Schemas['ResetPasswordDto'],
  { token: string; password: string }
>;

// Administration. The document has no response schema for the admin routes yet, nor their filters.
export interface AdminUser {
  id: number;
  email: string;
  username: string;
  bio?: string | null;
  image?: string | null;
  isActive: boolean;
  isVerified: boolean;
  isSuperuser: boolean;
  createdAt?: string;
}

export type AdminUserQuery = NonNullable<
  paths['/api/admin/users']['get']['parameters']['query']
> & { email?: string; username?: string; active?: boolean; verified?: boolean };

export type AdminUserPatchBody = Documented<
  Schemas['PatchUserDto'],
  { user: Partial<Pick<AdminUser, 'isActive' | 'isVerified' | 'isSuperuser'>> }
>;
export type AdminUserPatch = AdminUserPatchBody['user'];
