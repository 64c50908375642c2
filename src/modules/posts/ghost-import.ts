import { DataSource, EntityManager } from 'typeorm';
import { statement, sql } from '../../../libs/database/sql';
import { queryRows, rowMapper, runStatement } from '../../../libs/database/sql-row';
import { insertImportedPageSql } from '../static-pages/static-page.sql';
import { GhostExportError, ImportPlan, PlannedArticle, SkippedPost } from './ghost-export';
import type { GhostImages } from './ghost-images';
import { insertTagsSql, linkTagsSql } from './tag.query';

export interface ImportOptions {
  /** The username whose articles the posts become when their Ghost author has no account here. */
  fallbackAuthor?: string;
  /** Everything is done, then rolled back: what would happen, with nothing written. */
  dryRun?: boolean;
  /** Copies the old site's images of each article brought (not of those left out) and points it at them. */
  images?: Pick<GhostImages, 'bring'>;
}

export interface ImportOutcome {
  /** As stored: `withheld` where the author's account is deactivated (a trigger withholds it). */
  imported: { slug: string; status: PlannedArticle['status'] | 'withheld' }[];
  /** The static pages (Ghost's pages) written. */
  pages: { slug: string; status: 'published' | 'draft' }[];
  skipped: SkippedPost[];
  drafted: SkippedPost[];
  /** Of the articles written, the tags they came in without, and why. */
  tagsLeftOut: SkippedPost[];
}

/** The dry run's way out of its transaction, with what it would have done. */
class RolledBack extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super('dry run');
  }
}

const userId = rowMapper('user', (row) => ({ id: row.number('id'), email: row.string('email') }));
const slugRow = rowMapper('article', (row) => ({ slug: row.string('slug') }));
const pageSlugRow = rowMapper('page', (row) => ({ slug: row.string('slug') }));
const inserted = rowMapper('article', (row) => ({
  id: row.number('id'),
  status: row.oneOf('status', ['draft', 'scheduled', 'published', 'withheld'] as const),
}));

/** A planned article with its author here, and its category when its primary tag names one. */
interface Placed {
  article: PlannedArticle;
  authorId: number;
  categoryId: number | null;
}

const categoryRow = rowMapper('category', (row) => ({
  id: row.number('id'),
  name: row.string('name'),
}));

/**
 * Writes an import plan (ghost-export.ts) in one transaction: all of it or, on any error, nothing. Each
 * article keeps its Ghost slug and dates and goes to the account with its Ghost author's email, or to
 * `fallbackAuthor`; a slug Folio already has (a second run of the same export) is left alone. No event
 * or webhook fires (old posts are not news); scheduled ones are published by the minute's check. The
 * images are copied before the transaction: it is not held open while they download.
 */
export async function importGhostPlan(
  dataSource: DataSource,
  plan: ImportPlan,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = {
    imported: [],
    pages: [],
    skipped: [...plan.skipped],
    drafted: [],
    tagsLeftOut: [],
  };
  const { placed, byEmail } = await place(dataSource.manager, plan, options, outcome);
  if (options.images) {
    for (const each of placed)
      each.article = await options.images.bring(each.article, each.authorId);
  }
  try {
    return await dataSource.transaction(async (manager) => {
      await write(manager, plan, placed, outcome);
      await writePages(manager, plan, byEmail, outcome);
      if (options.dryRun) throw new RolledBack(outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.outcome;
    throw error;
  }
}

const alreadyHere = (slug: string): SkippedPost => ({
  slug,
  reason: 'an article here has this slug already',
});

/** Each article's author here, leaving out (in `outcome`) those with none and the slugs Folio has. */
async function place(
  manager: EntityManager,
  plan: ImportPlan,
  options: ImportOptions,
  outcome: ImportOutcome,
): Promise<{ placed: Placed[]; byEmail: Map<string, number> }> {
  const emails = [
    ...new Set([...plan.articles, ...plan.pages].flatMap((post) => post.authorEmail ?? [])),
  ];
  const users = await queryRows(
    manager,
    statement(sql`SELECT id, lower(email) AS email FROM users
      WHERE lower(email) IN (SELECT lower(e) FROM unnest(${emails}::varchar[]) e)`),
    userId,
  );
  const byEmail = new Map(users.map((user) => [user.email, user.id]));
  let fallback: number | undefined;
  if (options.fallbackAuthor !== undefined) {
    const [user] = await queryRows(
      manager,
      statement(
        sql`SELECT id, email FROM users WHERE lower(username) = lower(${options.fallbackAuthor})`,
      ),
      userId,
    );
    if (!user) throw new GhostExportError(`--author: no user is named ${options.fallbackAuthor}`);
    fallback = user.id;
  }
  const taken = await queryRows(
    manager,
    statement(sql`SELECT slug FROM articles
      WHERE slug = ANY(${plan.articles.map((article) => article.slug)}::varchar[])`),
    slugRow,
  );
  const takenSlugs = new Set(taken.map((row) => row.slug));
  const primaryTags = [...new Set(plan.articles.flatMap((article) => article.primaryTag ?? []))];
  const categories = await queryRows(
    manager,
    statement(sql`SELECT id, lower(name) AS name FROM categories
      WHERE lower(name) IN (SELECT lower(n) FROM unnest(${primaryTags}::varchar[]) n)`),
    categoryRow,
  );
  const categoryNamed = new Map(categories.map((category) => [category.name, category.id]));
  const placed: Placed[] = [];
  for (const article of plan.articles) {
    const authorId = byEmail.get(article.authorEmail?.toLowerCase() ?? '') ?? fallback;
    if (authorId === undefined) {
      outcome.skipped.push({
        slug: article.slug,
        reason: `no account here has its author's email${article.authorEmail ? ` (${article.authorEmail})` : ''}: create it, or name one with --author`,
      });
    } else if (takenSlugs.has(article.slug)) {
      outcome.skipped.push(alreadyHere(article.slug));
    } else {
      const categoryId = categoryNamed.get(article.primaryTag?.toLowerCase() ?? '') ?? null;
      // In its category, the tag that named it is not a tag here too.
      const tags = categoryId === null ? article.tags : article.tags.slice(1);
      placed.push({ article: { ...article, tags }, authorId, categoryId });
    }
  }
  return { placed, byEmail };
}

async function write(
  manager: EntityManager,
  plan: ImportPlan,
  placed: Placed[],
  outcome: ImportOutcome,
): Promise<void> {
  const drafted = new Map(plan.drafted.map((post) => [post.slug, post]));
  for (const { article, authorId, categoryId } of placed) {
    const [row] = await queryRows(
      manager,
      // Its slug is kept as chosen: a later new title does not move the old blog's address.
      statement(sql`INSERT INTO articles (slug, slug_chosen, title, description, body, cover_image,
          cover_image_alt, cover_image_caption, status, published_at, kept_published_at, author_id, category_id, created_at, updated_at)
        VALUES (${article.slug}, true, ${article.title}, ${article.description}, ${article.body},
          ${article.coverImage}, ${article.coverImageAlt}, ${article.coverImageCaption}, ${article.status}, ${article.publishedAt}::timestamptz,
          ${article.keptPublishedAt}::timestamptz, ${authorId}, ${categoryId}::integer,
          ${article.createdAt}::timestamptz, ${article.updatedAt}::timestamptz)
        ON CONFLICT DO NOTHING RETURNING id, status`),
      inserted,
    );
    if (row === undefined) {
      // Taken since the look before, by a writer of the running Folio.
      outcome.skipped.push(alreadyHere(article.slug));
      continue;
    }
    if (article.tags.length > 0) {
      await runStatement(manager, statement(insertTagsSql(article.tags)));
      await runStatement(manager, statement(linkTagsSql(row.id, article.tags)));
    }
    const draft = drafted.get(article.slug);
    if (draft) outcome.drafted.push(draft);
    outcome.tagsLeftOut.push(...plan.tagsLeftOut.filter((note) => note.slug === article.slug));
    outcome.imported.push({ slug: article.slug, status: row.status });
  }
}

/**
 * The static pages (Ghost's pages), each signed by the account with its Ghost author's email, else
 * unsigned (a page is the blog's, not its author's); a slug a page here has is left alone.
 */
async function writePages(
  manager: EntityManager,
  plan: ImportPlan,
  byEmail: Map<string, number>,
  outcome: ImportOutcome,
): Promise<void> {
  for (const page of plan.pages) {
    const authorId = byEmail.get(page.authorEmail?.toLowerCase() ?? '') ?? null;
    const [row] = await queryRows(
      manager,
      statement(insertImportedPageSql({ ...page, authorId })),
      pageSlugRow,
    );
    if (row === undefined) {
      outcome.skipped.push({ slug: page.slug, reason: 'a page here has this slug already' });
      continue;
    }
    if (page.draftedBecause) outcome.drafted.push({ slug: page.slug, reason: page.draftedBecause });
    outcome.pages.push({ slug: page.slug, status: page.status });
  }
}
