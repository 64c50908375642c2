import { ApiProperty } from '@nestjs/swagger';
import { ARTICLE_STATUSES, ArticleStatus } from '../article.entity';
import { ProfileDto } from '../../profiles/profile.types';

/** An article in a list: everything but the body. */
export class ArticleSummaryDto {
  @ApiProperty({ example: 'how-to-train-your-dragon' })
  slug: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: [String], description: 'Sorted' })
  tagList: string[];

  @ApiProperty({ example: '2016-02-18T03:22:56.637Z' })
  createdAt: string;

  @ApiProperty({ example: '2016-02-18T03:48:35.824Z' })
  updatedAt: string;

  @ApiProperty()
  favorited: boolean;

  @ApiProperty({ type: 'integer' })
  favoritesCount: number;

  @ApiProperty({ type: ProfileDto })
  author: ProfileDto;

  @ApiProperty({ enum: ARTICLE_STATUSES })
  status: ArticleStatus;

  @ApiProperty({ type: String, nullable: true, example: '2016-02-18T03:22:56.637Z' })
  publishedAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Category slug' })
  category: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The cover image URL, or null' })
  coverImage: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The cover's alternative text, or null",
  })
  coverImageAlt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The line under the cover, or null' })
  coverImageCaption: string | null;
}

export class ArticleDto extends ArticleSummaryDto {
  @ApiProperty()
  body: string;

  @ApiProperty({
    description:
      "Whether it is mailed to the newsletter's subscribers when first published (set on create or edit)",
  })
  newsletter: boolean;
}

export class SingleArticleResponseDto {
  @ApiProperty({ type: ArticleDto })
  article: ArticleDto;
}

export class MultipleArticlesResponseDto {
  @ApiProperty({ type: [ArticleSummaryDto] })
  articles: ArticleSummaryDto[];

  @ApiProperty({
    type: 'integer',
    description:
      'How many articles match, over all pages; when articlesCountIsExact is false, at least this many (the cap, 10,000, or the matches among the newest articles a search ranked)',
  })
  articlesCount: number;

  @ApiProperty({
    description:
      'False when the list has no kept counter (a search, a favorites list, several filters at once) and more than 10,000 match, or when a search ranked the matches among the newest published articles only (docs/posts-api.md "Search")',
  })
  articlesCountIsExact: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor: string | null;
}

export class TagsResponseDto {
  @ApiProperty({ type: [String] })
  tags: string[];
}
