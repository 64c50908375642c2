/** Rows of the floor's queries in the API's JSON shape, key for key as Folio writes it. */

export interface Reader {
  id: number;
  username: string;
  email: string;
  bio: string | null;
  image: string | null;
  isSuperuser: boolean;
}

export type Row = Record<string, unknown>;
const iso = (value: unknown) => (value as Date).toISOString();

export function article(row: Row, withBody: boolean) {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    ...(withBody ? { body: row.body, newsletter: row.newsletter } : {}),
    tagList: row.tag_list,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    favorited: row.favorited,
    favoritesCount: row.favorites_count,
    author: { username: row.username, bio: row.bio, image: row.image, following: row.following },
    status: row.status,
    publishedAt: row.published_at ? iso(row.published_at) : null,
    category: row.category,
    coverImage: row.cover_image ?? null,
    coverImageAlt: row.cover_image_alt ?? null,
    coverImageCaption: row.cover_image_caption ?? null,
  };
}

export function comment(row: Row) {
  return {
    id: row.id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    body: row.body,
    author: { username: row.username, bio: row.bio, image: row.image, following: row.following },
  };
}

export function ownArticle(row: Row, reader: Reader) {
  return article(
    {
      ...row,
      favorited: false,
      category: null,
      username: reader.username,
      bio: reader.bio,
      image: reader.image,
      following: false,
    },
    true,
  );
}

export function ownComment(row: Row, reader: Reader) {
  return comment({
    ...row,
    username: reader.username,
    bio: reader.bio,
    image: reader.image,
    following: false,
  });
}

export const notFound = (what: string) => ({ errors: { [what]: ['not found'] } });
