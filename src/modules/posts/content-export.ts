import { EntityManager } from 'typeorm';
import { statement, Sql } from '../../../libs/database/sql';
import { queryRows, RowMapper } from '../../../libs/database/sql-row';
import { renderMarkdown } from '../../../libs/markdown/server-markdown';
import { escapeHtml } from '../../common/html-escape';
import { plainSlug } from '../../common/slug';
import {
  articleLinksAfter,
  articlesAfter,
  authorsAfter,
  categoriesAfter,
  ExportedArticle,
  exportedArticle,
  exportedArticleLinks,
  ExportedArticleLinks,
  ExportedAuthor,
  exportedAuthor,
  ExportedPage,
  exportedPage,
  exportedTag,
  ExportedTag,
  pagesAfter,
  tagsAfter,
} from './content-export.query';

/*
 * The blog's content as a Ghost export: the JSON file Ghost Admin → Settings → Labs → Import reads, and
 * `npm run cli -- import-ghost` here. Articles and static pages are Ghost posts and pages, their authors
 * Ghost's staff users, tags and categories Ghost tags (an article's category its first, "primary" tag).
 * Each body is the markdown as written, in a markdown card (Ghost renders it; an import here takes it
 * back to the letter), with its HTML beside it for other readers of the format.
 */

/** The Ghost version whose export format this is: the importer reads older and newer alike. */
export const GHOST_EXPORT_VERSION = '5.0.0';

/** Rows read at a time: a blog of a million articles streams out in bounded memory. */
const BATCH = 100;

/**
 * Ghost's limits, which its importer checks: a longer bio or meta description is cut at a word, a
 * longer description goes to the meta description instead of the excerpt.
 */
const GHOST_LIMITS = { excerpt: 300, metaDescription: 500, bio: 200, slug: 191 };

const ID_PREFIX = {
  article: '1',
  page: '2',
  user: '3',
  tag: '4',
  category: '5',
  role: '6',
} as const;

/**
 * A Ghost id (24 hex digits, a MongoDB ObjectId's shape) for a Folio row: its kind's digit, then its id
 * in hex. The same blog exports the same ids, so two exports compare line by line.
 */
export function ghostId(kind: keyof typeof ID_PREFIX, id: number): string {
  return `${ID_PREFIX[kind]}${id.toString(16).padStart(23, '0')}`;
}

/** A mobiledoc of one markdown card: how Ghost 1–3 kept markdown, which Ghost still renders and imports. */
export function markdownMobiledoc(markdown: string): string {
  return JSON.stringify({
    version: '0.3.1',
    atoms: [],
    cards: [['markdown', { markdown }]],
    markups: [],
    sections: [[10, 0]],
  });
}

/** `text` within `max` characters: cut at the last space before, with an ellipsis. */
export function within(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** What an export wrote, counted as it goes. */
export interface ExportCounts {
  articles: number;
  pages: number;
  authors: number;
  tags: number;
  categories: number;
}

export const emptyCounts = (): ExportCounts => ({
  articles: 0,
  pages: 0,
  authors: 0,
  tags: 0,
  categories: 0,
});

export interface ExportSite {
  /** The blog's address (APP_URL): a body's relative links and images are made absolute from it. */
  url: string;
}

/**
 * Folio's statuses in Ghost's words. A withheld article (its author deactivated) is a draft there,
 * with the date it was published, so that no import makes it public again.
 */
function ghostStatus(article: ExportedArticle): { status: string; publishedAt: Date | null } {
  switch (article.status) {
    case 'published':
    case 'scheduled':
      return { status: article.status, publishedAt: article.publishedAt };
    case 'withheld':
      return { status: 'draft', publishedAt: article.publishedAt };
    case 'draft':
      return { status: 'draft', publishedAt: article.keptPublishedAt };
  }
}

/** The body's HTML as the feeds render it, every relative URL made absolute. */
function html(site: ExportSite, path: string, body: string): string {
  return renderMarkdown(body, { baseUrl: `${site.url}${path}` });
}

/** A description as Ghost's excerpt: a longer one goes whole into the meta description instead. */
const ghostExcerpt = (description: string) =>
  description && description.length <= GHOST_LIMITS.excerpt ? description : null;

export function ghostArticle(site: ExportSite, article: ExportedArticle): object {
  const { status, publishedAt } = ghostStatus(article);
  return {
    id: ghostId('article', article.id),
    title: article.title,
    slug: article.slug,
    mobiledoc: markdownMobiledoc(article.body),
    html: html(site, `/article/${encodeURIComponent(article.slug)}`, article.body),
    feature_image: article.coverImage,
    featured: false,
    type: 'post',
    status,
    visibility: 'public',
    // Longer than Ghost's excerpt: the description goes whole into the meta description instead.
    custom_excerpt: ghostExcerpt(article.description),
    author_id: ghostId('user', article.authorId),
    created_at: iso(article.createdAt),
    updated_at: iso(article.updatedAt),
    published_at: iso(publishedAt),
  };
}

export function ghostPage(site: ExportSite, page: ExportedPage): object {
  return {
    id: ghostId('page', page.id),
    title: page.title,
    slug: page.slug,
    mobiledoc: markdownMobiledoc(page.body),
    html: html(site, `/page/${encodeURIComponent(page.slug)}`, page.body),
    feature_image: page.coverImage,
    featured: false,
    type: 'page',
    status: page.status,
    visibility: 'public',
    custom_excerpt: ghostExcerpt(page.description),
    author_id: page.authorId === null ? null : ghostId('user', page.authorId),
    created_at: iso(page.createdAt),
    updated_at: iso(page.updatedAt),
    published_at: iso(page.publishedAt),
  };
}

/** Folio's roles as Ghost's; an account with no staff role that writes is an Author there. */
const GHOST_ROLES: Record<string, { id: number; name: string }> = {
  administrator: { id: 1, name: 'Administrator' },
  editor: { id: 2, name: 'Editor' },
  author: { id: 3, name: 'Author' },
  contributor: { id: 4, name: 'Contributor' },
};
const roleOf = (author: ExportedAuthor) =>
  GHOST_ROLES[author.role ?? 'author'] ?? GHOST_ROLES.author;

export function ghostUser(author: ExportedAuthor): object {
  return {
    id: ghostId('user', author.id),
    name: author.username,
    slug: plainSlug(author.username, GHOST_LIMITS.slug) || `user-${author.id}`,
    email: author.email,
    profile_image: author.image,
    bio: author.bio ? within(author.bio, GHOST_LIMITS.bio) : null,
    status: author.isActive ? 'active' : 'inactive',
    created_at: iso(author.createdAt),
    updated_at: iso(author.updatedAt),
  };
}

/** Each Ghost tag's slug once: two tags of one slug (`C#` and `C`) would be one tag in Ghost. */
class TagSlugs {
  private readonly taken = new Set<string>();

  of(name: string, wanted?: string | null): string {
    const base = wanted || plainSlug(name, GHOST_LIMITS.slug - 4) || 'tag';
    let slug = base;
    for (let n = 2; this.taken.has(slug); n++) slug = `${base}-${n}`;
    this.taken.add(slug);
    return slug;
  }
}

function ghostTag(kind: 'tag' | 'category', tag: ExportedTag, slugs: TagSlugs): object {
  return {
    id: ghostId(kind, tag.id),
    name: tag.name,
    slug: slugs.of(tag.name, tag.slug),
    description: tag.description,
    visibility: 'public',
    created_at: iso(tag.createdAt),
    updated_at: iso(tag.updatedAt),
  };
}

/** The article's category first (Ghost's primary tag, which themes show as a post's category), then its tags. */
function postTags(links: ExportedArticleLinks): object[] {
  const tagIds = [
    ...(links.categoryId === null ? [] : [ghostId('category', links.categoryId)]),
    ...links.tagIds.map((id) => ghostId('tag', id)),
  ];
  return tagIds.map((tagId, order) => ({
    post_id: ghostId('article', links.id),
    tag_id: tagId,
    sort_order: order,
  }));
}

/**
 * The cover's words, and a description longer than an excerpt (within Ghost's limit for a meta
 * description: a longer one is cut), which an import here reads after the excerpt.
 */
function postMeta(
  postId: string,
  links: Pick<ExportedArticleLinks, 'description' | 'coverImageAlt' | 'coverImageCaption'>,
): object[] {
  const long = links.description.length > GHOST_LIMITS.excerpt;
  if (!links.coverImageAlt && !links.coverImageCaption && !long) return [];
  return [
    {
      post_id: postId,
      feature_image_alt: links.coverImageAlt,
      feature_image_caption: links.coverImageCaption ? escapeHtml(links.coverImageCaption) : null,
      meta_description: long ? within(links.description, GHOST_LIMITS.metaDescription) : null,
    },
  ];
}

const postAuthor = (postId: string, authorId: number) => ({
  post_id: postId,
  author_id: ghostId('user', authorId),
  sort_order: 0,
});

/** Every row of a table, `BATCH` at a time in id order. */
async function* rowsOf<T extends { id: number }>(
  manager: EntityManager,
  page: (afterId: number, limit: number) => Sql,
  map: RowMapper<T>,
): AsyncGenerator<T[]> {
  for (let after = 0; ;) {
    const rows = await queryRows(manager, statement(page(after, BATCH)), map);
    if (rows.length > 0) yield rows;
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].id;
    // A turn of the event loop between pages: what the last page's renders held only for the
    // running job (jsdom's weak references) is let go, and the server answers others meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** `"name":[…]`, its items written as their pages come. */
async function* jsonArray(
  name: string,
  parts: AsyncIterable<object[]>[],
  last = false,
): AsyncGenerator<string> {
  yield `${JSON.stringify(name)}:[`;
  let first = true;
  for (const part of parts) {
    for await (const items of part) {
      if (items.length === 0) continue;
      yield (first ? '\n' : ',\n') + items.map((item) => JSON.stringify(item)).join(',\n');
      first = false;
    }
  }
  yield last ? ']' : '],\n';
}

async function* mapped<T, U>(
  pages: AsyncIterable<T[]>,
  each: (row: T) => U | U[],
): AsyncGenerator<U[]> {
  for await (const rows of pages) yield rows.flatMap((row) => each(row));
}

/**
 * The blog's content as a Ghost export, in pieces of text to write one after the other. Run it in one
 * REPEATABLE READ transaction (`manager`'s), so every part is of the same moment. Comments, readers,
 * newsletter subscribers and uploads are not in Ghost's format: see docs/moving-from-ghost.md.
 */
export async function* ghostExportJson(
  manager: EntityManager,
  site: ExportSite,
  counts: ExportCounts = emptyCounts(),
  now = new Date(),
): AsyncGenerator<string> {
  const count =
    <T, U>(kind: keyof ExportCounts, each: (row: T) => U) =>
    (row: T) => {
      counts[kind]++;
      return each(row);
    };
  const meta = { exported_on: now.getTime(), version: GHOST_EXPORT_VERSION };
  yield `{"db":[{"meta":${JSON.stringify(meta)},"data":{\n`;
  const roles = Object.values(GHOST_ROLES);
  yield `"roles":${JSON.stringify(roles.map(({ id, name }) => ({ id: ghostId('role', id), name })))},\n`;
  yield* jsonArray('users', [
    mapped(rowsOf(manager, authorsAfter, exportedAuthor), count('authors', ghostUser)),
  ]);
  yield* jsonArray('roles_users', [
    mapped(rowsOf(manager, authorsAfter, exportedAuthor), (author) => ({
      role_id: ghostId('role', roleOf(author).id),
      user_id: ghostId('user', author.id),
    })),
  ]);
  const slugs = new TagSlugs();
  yield* jsonArray('tags', [
    // Categories first: their slugs are the blog's addresses (`/category/:slug`); tags' are made here.
    mapped(
      rowsOf(manager, categoriesAfter, exportedTag),
      count('categories', (tag: ExportedTag) => ghostTag('category', tag, slugs)),
    ),
    mapped(
      rowsOf(manager, tagsAfter, exportedTag),
      count('tags', (tag: ExportedTag) => ghostTag('tag', tag, slugs)),
    ),
  ]);
  yield* jsonArray('posts', [
    mapped(
      rowsOf(manager, articlesAfter, exportedArticle),
      count('articles', (article: ExportedArticle) => ghostArticle(site, article)),
    ),
    mapped(
      rowsOf(manager, pagesAfter, exportedPage),
      count('pages', (page: ExportedPage) => ghostPage(site, page)),
    ),
  ]);
  yield* jsonArray('posts_authors', [
    mapped(rowsOf(manager, articleLinksAfter, exportedArticleLinks), (links) =>
      postAuthor(ghostId('article', links.id), links.authorId),
    ),
    mapped(rowsOf(manager, pagesAfter, exportedPage), (page) =>
      page.authorId === null ? [] : postAuthor(ghostId('page', page.id), page.authorId),
    ),
  ]);
  yield* jsonArray('posts_tags', [
    mapped(rowsOf(manager, articleLinksAfter, exportedArticleLinks), postTags),
  ]);
  yield* jsonArray(
    'posts_meta',
    [
      mapped(rowsOf(manager, articleLinksAfter, exportedArticleLinks), (links) =>
        postMeta(ghostId('article', links.id), links),
      ),
      mapped(rowsOf(manager, pagesAfter, exportedPage), (page) =>
        postMeta(ghostId('page', page.id), page),
      ),
    ],
    true,
  );
  yield '}}]}\n';
}
