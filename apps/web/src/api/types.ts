/** Shapes of Folio's API as the site uses them (RealWorld plus Folio's additions). */

export interface User {
  email: string;
  token: string;
  username: string;
  bio: string | null;
  image: string | null;
  /** Folio's additions to the RealWorld user: whether the email is confirmed, whether an admin. */
  isVerified: boolean;
  isSuperuser: boolean;
}

export interface Profile {
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}

export type ArticleStatus = 'draft' | 'published';

export interface Article {
  slug: string;
  title: string;
  description: string;
  body?: string;
  tagList: string[];
  createdAt: string;
  updatedAt: string;
  favorited: boolean;
  favoritesCount: number;
  author: Profile;
  status?: ArticleStatus;
  category?: string | null;
  publishedAt?: string | null;
}

export interface ArticleInput {
  title: string;
  description: string;
  body: string;
  tagList: string[];
  category: string | null;
  status: ArticleStatus;
}

export interface ArticleList {
  articles: Article[];
  articlesCount: number;
}

export interface ArticleQuery {
  tag?: string;
  author?: string;
  favorited?: string;
  category?: string;
  q?: string;
  status?: ArticleStatus;
  limit?: number;
  offset?: number;
}

export interface Comment {
  id: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  author: Profile;
}

export interface Category {
  slug: string;
  name: string;
  description?: string | null;
  articlesCount?: number;
}

export interface CategoryInput {
  name: string;
  slug?: string;
  description?: string | null;
}

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

export interface AdminUserQuery {
  email?: string;
  username?: string;
  active?: boolean;
  verified?: boolean;
  limit?: number;
  offset?: number;
}

export type AdminUserPatch = Partial<Pick<AdminUser, 'isActive' | 'isVerified' | 'isSuperuser'>>;

export interface SettingsInput {
  email?: string;
  username?: string;
  bio?: string | null;
  image?: string | null;
  password?: string;
}
