import { Profile } from '../auth/profiles.service';
import { ArticleRow } from './article-list.query';
import { ArticleDto, ArticleSummaryDto } from './dto/article-response.dto';

/** An article row and its author's profile in the RealWorld shape (plus Folio's fields); a list row has no body. */
function present(
  row: ArticleRow,
  author: Profile | undefined,
): ArticleSummaryDto & { body?: string } {
  if (!author) throw new Error(`no profile for author ${row.authorId} of article ${row.id}`);
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    ...(row.body !== undefined ? { body: row.body } : {}),
    tagList: row.tagList,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    favorited: row.favorited,
    favoritesCount: row.favoritesCount,
    author: {
      username: author.username,
      bio: author.bio,
      image: author.image,
      following: author.following,
    },
    status: row.status,
    publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null,
    category: row.category,
  };
}

export function presentSummary(row: ArticleRow, author: Profile | undefined): ArticleSummaryDto {
  return present(row, author);
}

export function presentArticle(row: ArticleRow, author: Profile | undefined): ArticleDto {
  if (row.body === undefined) throw new Error(`article ${row.id} was read without its body`);
  return present(row, author) as ArticleDto;
}
