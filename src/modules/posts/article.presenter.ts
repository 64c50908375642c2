import { profileFromColumns } from '../profiles/profiles.service';
import { ArticleBodyColumns, ArticleRow } from './article.sql';
import { ArticleDto, ArticleSummaryDto } from './dto/article-response.dto';

/** An article row, its author's profile included, in the RealWorld shape (plus Folio's fields); a list row has no body. */
function present(row: ArticleRow): ArticleSummaryDto & Partial<ArticleBodyColumns> {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    ...(row.body !== undefined ? { body: row.body, newsletter: row.newsletter } : {}),
    tagList: row.tagList,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    favorited: row.favorited,
    favoritesCount: row.favoritesCount,
    author: profileFromColumns(row),
    status: row.status,
    publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null,
    category: row.category,
    coverImage: row.coverImage,
    coverImageAlt: row.coverImageAlt,
    coverImageCaption: row.coverImageCaption,
  };
}

export function presentSummary(row: ArticleRow): ArticleSummaryDto {
  return present(row);
}

export function presentArticle(row: ArticleRow): ArticleDto {
  if (row.body === undefined) throw new Error(`article ${row.id} was read without its body`);
  return present(row) as ArticleDto;
}
