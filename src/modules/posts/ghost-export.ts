import { NodeHtmlMarkdown } from 'node-html-markdown';
import { renderMarkdown } from '../../../libs/markdown/server-markdown';
import { ArticleCover } from './article-cover.types';
import { htmlText } from '../../common/html-text';
import { normalizedEmail } from '../../common/email-address';
import { chosenSlug, MAX_ARTICLE_BASE_LENGTH, RESERVED_ARTICLE_SLUGS } from '../../common/slug';
import { isDotSegment, onceInAnyCase, tagName } from './tag-names';

/*
 * A Ghost export (Settings → Labs → Export, a JSON file) read into the articles Folio would make of it.
 * Pure: nothing here touches the database (ghost-import.ts writes the plan).
 */

/** The parts of a Ghost post an import reads (Ghost 1 to 6 exports). */
interface GhostPost {
  id: string;
  title?: string | null;
  slug?: string | null;
  type?: string | null;
  status?: string | null;
  visibility?: string | null;
  html?: string | null;
  mobiledoc?: string | null;
  plaintext?: string | null;
  custom_excerpt?: string | null;
  meta_description?: string | null;
  feature_image?: string | null;
  author_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  published_at?: string | null;
}

interface GhostData {
  posts?: GhostPost[];
  tags?: { id: string; name?: string | null }[];
  posts_tags?: { post_id: string; tag_id: string; sort_order?: number | null }[];
  users?: { id: string; email?: string | null }[];
  posts_authors?: { post_id: string; author_id: string; sort_order?: number | null }[];
  posts_meta?: {
    post_id: string;
    meta_description?: string | null;
    feature_image_alt?: string | null;
    /** HTML (a credit's link, often). */
    feature_image_caption?: string | null;
  }[];
}

/** An article to create: what the API would store, with Ghost's dates. */
export interface PlannedArticle extends ArticleCover {
  slug: string;
  title: string;
  description: string;
  body: string;
  status: 'published' | 'draft' | 'scheduled';
  /** The author's email in Ghost; null when the post names none. */
  authorEmail: string | null;
  tags: string[];
  /**
   * Its first tag, Ghost's primary tag (which themes show as the post's category): the import puts the
   * article in the category of that name, when this blog has one, instead of tagging it.
   */
  primaryTag: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  /** A draft's date from when it was published (in Ghost, or until this import drafted it). */
  keptPublishedAt: Date | null;
}

/** A static page to create (Ghost's pages: About, Contact), with Ghost's dates. */
export interface PlannedPage extends ArticleCover {
  slug: string;
  title: string;
  /** Its excerpt or meta description; '' when Ghost has none (its head then reads its text). */
  description: string;
  body: string;
  status: 'published' | 'draft';
  /** The author's email in Ghost; null when the page names none. */
  authorEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** When Ghost published it; a published page has one. */
  publishedAt: Date | null;
  /** Why a page public in Ghost comes in as a draft; null when it does not. */
  draftedBecause: string | null;
}

/** A post left out, and why (said to the person importing). */
export interface SkippedPost {
  slug: string;
  reason: string;
}

export interface ImportPlan {
  articles: PlannedArticle[];
  pages: PlannedPage[];
  skipped: SkippedPost[];
  /** Posts public in Ghost that come in as drafts, and why (members only, no text). */
  drafted: SkippedPost[];
  /** Tags a post comes in without, and why (`.` and `..`, which no address can name). */
  tagsLeftOut: SkippedPost[];
}

export interface PlanOptions {
  /** The Ghost site's address, for the `__GHOST_URL__` that exports write in place of it. */
  ghostUrl?: string;
  now?: Date;
}

/** A file that is not a Ghost export, or one the import cannot use as it is: said in one line. */
export class GhostExportError extends Error {}

const GHOST_URL = /__GHOST_URL__/g;
/** A link to a post of the same site at Ghost's default address, `__GHOST_URL__/{slug}/`, hash or query after. */
const GHOST_POST_LINK = /__GHOST_URL__\/([a-z0-9][a-z0-9-]*)\/?(?=[#?"'<>)\s]|$)/g;
const LIMITS = { title: 255, description: 2000, body: 200_000, tags: 20, tag: 64, url: 2048 };
const converter = new NodeHtmlMarkdown({ codeBlockStyle: 'fenced', bulletMarker: '-' });

/** The export's data: `{ db: [{ data }] }` (Ghost 1 and later) or `{ data }`. */
function exportData(file: unknown): GhostData {
  const root = file as { db?: { data?: GhostData }[]; data?: GhostData } | null;
  const data = root?.db?.[0]?.data ?? root?.data;
  if (!data || !Array.isArray(data.posts)) {
    throw new GhostExportError(
      'This is not a Ghost export: no db[0].data.posts (export it from Ghost Admin → Settings → Labs)',
    );
  }
  return data;
}

/** The markdown a Ghost 1-3 post was written in, when it is one markdown card and nothing else. */
function markdownSource(post: GhostPost): string | undefined {
  if (!post.mobiledoc) return undefined;
  try {
    const doc = JSON.parse(post.mobiledoc) as { cards?: [string, { markdown?: string }][] };
    const cards = doc.cards ?? [];
    if (
      cards.length === 1 &&
      cards[0][0] === 'markdown' &&
      typeof cards[0][1].markdown === 'string'
    ) {
      return cards[0][1].markdown;
    }
  } catch {
    // Not JSON: the HTML is converted instead.
  }
  return undefined;
}

function date(value: string | null | undefined, fallback: Date): Date {
  const parsed = value ? new Date(value) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : fallback;
}

/** Ghost's HTML (a caption, a post) as plain text, at most `max` characters; null when empty. */
function plainText(html: string | null | undefined, max: number): string | null {
  const text = htmlText(html ?? '');
  return text ? text.slice(0, max) : null;
}

/** The first sentences of the text, for a post with no excerpt: what Ghost shows in its place. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= 300) return flat;
  const cut = flat.slice(0, 300);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 200))}…`;
}

/**
 * What an import of `file` would do: the articles to create (slugs, dates, tags and authors as in
 * Ghost, bodies as markdown), the static pages (Ghost's pages) and the posts left out. Members-only
 * posts and pages come in as drafts, never public; Ghost's internal `#tags` are dropped.
 */
export function planGhostImport(file: unknown, options: PlanOptions = {}): ImportPlan {
  const data = exportData(file);
  const now = options.now ?? new Date();
  const base = options.ghostUrl?.replace(/\/+$/, '');
  // A link to another post or page of the export goes to its address here; the rest to the old site.
  const addresses = new Map(
    (data.posts ?? []).flatMap((post) => {
      const kind = post.type ?? 'post';
      if (!post.slug || (kind !== 'post' && kind !== 'page')) return [];
      const slug = chosenSlug(post.slug, MAX_ARTICLE_BASE_LENGTH);
      return [[post.slug, kind === 'post' ? `/article/${slug}` : `/page/${slug}`] as const];
    }),
  );
  const withUrl = (text: string) => {
    const here = text.replace(GHOST_POST_LINK, (link, slug: string) => addresses.get(slug) ?? link);
    return base ? here.replace(GHOST_URL, base) : here;
  };
  if (!base && JSON.stringify(data.posts).includes('__GHOST_URL__')) {
    throw new GhostExportError(
      'The export writes its own address as __GHOST_URL__: give the old site with --ghost-url https://your-old-blog.example',
    );
  }
  // Kept as the API keeps them: trimmed, composed (NFC).
  const tagNames = new Map((data.tags ?? []).map((tag) => [tag.id, tagName(tag.name ?? '')]));
  const emails = new Map(
    (data.users ?? []).map((user) => [user.id, user.email ? normalizedEmail(user.email) : null]),
  );
  const metas = new Map((data.posts_meta ?? []).map((meta) => [meta.post_id, meta]));
  const ordered = <T extends { sort_order?: number | null }>(rows: T[]) =>
    [...rows].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0));
  const plan: ImportPlan = { articles: [], pages: [], skipped: [], drafted: [], tagsLeftOut: [] };
  // Articles and pages have addresses of their own here: each slug once among its kind.
  const slugs = { post: new Set<string>(), page: new Set<string>() };

  for (const post of data.posts ?? []) {
    const slug = chosenSlug(post.slug ?? post.title ?? '', MAX_ARTICLE_BASE_LENGTH);
    const skip = (reason: string) => plan.skipped.push({ slug: slug || post.id, reason });
    const kind = post.type ?? 'post';
    if (kind !== 'post' && kind !== 'page') {
      skip(`a ${kind}, neither a post nor a page`);
      continue;
    }
    const title = (post.title ?? '').trim();
    if (!title) {
      skip('no title');
      continue;
    }
    const reserved = kind === 'post' && RESERVED_ARTICLE_SLUGS.has(slug);
    if (!slug || slugs[kind].has(slug) || reserved) {
      skip(
        !slug
          ? 'no slug'
          : slugs[kind].has(slug)
            ? 'its slug is in the export twice'
            : `its slug "${slug}" is an address of Folio's API: give it another in Ghost`,
      );
      continue;
    }
    const markdown = markdownSource(post);
    const body = (
      markdown === undefined ? converter.translate(withUrl(post.html ?? '')) : withUrl(markdown)
    ).trim();
    if (body.length > LIMITS.body) {
      skip(`its text is ${body.length} characters (at most ${LIMITS.body})`);
      continue;
    }
    const author =
      ordered((data.posts_authors ?? []).filter((link) => link.post_id === post.id))[0]
        ?.author_id ?? post.author_id;
    const authorEmail = author ? (emails.get(author) ?? null) : null;
    slugs[kind].add(slug);
    const cover = post.feature_image ? withUrl(post.feature_image) : null;
    const coverImage =
      cover && /^https?:\/\/\S+$/i.test(cover) && cover.length <= LIMITS.url ? cover : null;
    const described = {
      description:
        post.custom_excerpt?.trim() ||
        metas.get(post.id)?.meta_description?.trim() ||
        post.meta_description?.trim() ||
        '',
      coverImage,
      coverImageAlt: coverImage && plainText(metas.get(post.id)?.feature_image_alt, 300),
      coverImageCaption: coverImage && plainText(metas.get(post.id)?.feature_image_caption, 500),
    };
    if (kind === 'page') {
      plan.pages.push({
        ...plannedPage(post, { slug, title, body, authorEmail, now }),
        ...described,
        description: described.description.slice(0, LIMITS.description),
      });
      continue;
    }
    const tags = ordered((data.posts_tags ?? []).filter((link) => link.post_id === post.id))
      .map((link) => tagNames.get(link.tag_id) ?? '')
      .filter((name) => name !== '' && !name.startsWith('#'))
      .filter((name) => {
        if (!isDotSegment(name)) return true;
        plan.tagsLeftOut.push({
          slug,
          reason: `its tag "${name}" was left out: a web address cannot name such a tag`,
        });
        return false;
      })
      .map((name) => name.slice(0, LIMITS.tag));
    const description =
      described.description ||
      // Ghost's plain text, else the article's as it will read (its markdown rendered, the tags gone).
      excerpt(post.plaintext ?? plainText(renderMarkdown(body), LIMITS.body) ?? '');
    const publishedAt = post.published_at ? date(post.published_at, now) : null;
    const membersOnly = (post.visibility ?? 'public') !== 'public';
    let status: PlannedArticle['status'] =
      post.status === 'published'
        ? 'published'
        : post.status === 'scheduled'
          ? 'scheduled'
          : 'draft';
    // A scheduled post whose time went by while it was exported is published, with that time.
    if (status === 'scheduled' && (!publishedAt || publishedAt <= now)) {
      status = publishedAt ? 'published' : 'draft';
    }
    if (status !== 'draft' && (membersOnly || !body || !description)) {
      plan.drafted.push({
        slug,
        reason: membersOnly
          ? 'for members only in Ghost (Folio has no members: publish it if it may be public)'
          : 'no text: a published article needs a description and a body',
      });
      status = 'draft';
    }
    const kept = onceInAnyCase(tags).slice(0, LIMITS.tags);
    plan.articles.push({
      slug,
      title: title.slice(0, LIMITS.title),
      description: description.slice(0, LIMITS.description),
      body,
      coverImage,
      status,
      authorEmail,
      tags: kept,
      primaryTag: kept[0] ?? null,
      createdAt: date(post.created_at, now),
      updatedAt: date(post.updated_at, now),
      coverImageAlt: described.coverImageAlt,
      coverImageCaption: described.coverImageCaption,
      publishedAt: status === 'draft' ? null : publishedAt,
      keptPublishedAt: status === 'draft' && publishedAt && publishedAt <= now ? publishedAt : null,
    });
  }
  return plan;
}

/**
 * A Ghost page as a static page here: published when Ghost has it published, public and with text;
 * otherwise a draft, saying why when Ghost had it public (pages are not scheduled here).
 */
function plannedPage(
  post: GhostPost,
  read: { slug: string; title: string; body: string; authorEmail: string | null; now: Date },
): Omit<PlannedPage, keyof ArticleCover | 'description'> {
  const { slug, body, now } = read;
  const publishedAt = post.published_at ? date(post.published_at, now) : null;
  // A scheduled page whose time went by while it was exported is published, with that time.
  const due = post.status === 'scheduled' && publishedAt !== null && publishedAt <= now;
  const shown = post.status === 'published' || post.status === 'scheduled';
  const why =
    (post.visibility ?? 'public') !== 'public'
      ? 'for members only in Ghost (Folio has no members: publish it if it may be public)'
      : !body
        ? 'no text: a published page needs a body'
        : post.status === 'scheduled' && !due
          ? 'scheduled in Ghost: pages are not scheduled here, publish it when it is due'
          : undefined;
  const status = shown && !why ? 'published' : 'draft';
  return {
    slug,
    title: read.title.slice(0, LIMITS.title),
    body,
    status,
    authorEmail: read.authorEmail,
    createdAt: date(post.created_at, now),
    updatedAt: date(post.updated_at, now),
    publishedAt: status === 'published' ? (publishedAt ?? now) : publishedAt,
    draftedBecause: shown ? (why ?? null) : null,
  };
}
