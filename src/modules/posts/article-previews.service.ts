import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { ApiError } from '../../common/api-exception.filter';
import { randomSecret } from '../../common/secret-token';
import { AppConfig } from '../../config/app-config';
import { AuthUser } from '../accounts/auth-user.types';
import { ProfilesService } from '../profiles/profiles.service';
import { presentArticle } from './article.presenter';
import { ArticlePreviewsRepository } from './article-previews.repository';
import { ArticlesRepository } from './articles.repository';
import { ArticlesService } from './articles.service';
import { ArticleDto } from './dto/article-response.dto';
import { PreviewDto } from './dto/article-preview.dto';

/**
 * Preview links, as Ghost's: whoever may edit an article shares it, before it is published, with
 * people who have no account or no right to see drafts (a reviewer, a source), through a link whose
 * key is the only thing they need. One link an article; a new one ends the old; the link keeps working
 * once the article is published (the site then opens the article's address).
 */
@Injectable()
export class ArticlePreviewsService {
  private readonly siteUrl: string;

  constructor(
    private readonly previews: ArticlePreviewsRepository,
    private readonly articles: ArticlesRepository,
    private readonly profiles: ProfilesService,
    private readonly articlesService: ArticlesService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.siteUrl = config.get('site', { infer: true }).publicUrl;
  }

  /** The article's current link, or null while it is not shared. */
  async current(reader: AuthUser, slug: string): Promise<PreviewDto | null> {
    const key = await this.previews.keyOf(await this.articlesService.editableId(reader, slug));
    return key === null ? null : this.present(key);
  }

  /** A new link for the article: the one it had stops working. */
  async share(reader: AuthUser, slug: string): Promise<PreviewDto> {
    const key = randomSecret();
    if (!(await this.previews.setKey(await this.articlesService.editableId(reader, slug), key))) {
      throw new RecordNotFoundError('article');
    }
    return this.present(key);
  }

  /** Stops sharing: the link stops working. Nothing to stop is not an error. */
  async stop(reader: AuthUser, slug: string): Promise<void> {
    await this.previews.setKey(await this.articlesService.editableId(reader, slug), null);
  }

  /** The article `key` shares, as `reader` (anyone) sees it, or a 404. */
  async read(key: string, reader: AuthUser | undefined): Promise<ArticleDto> {
    const slug = await this.previews.sharedSlug(key, this.profiles.sql);
    if (slug === null) {
      throw new ApiError(404, { preview: 'not found: the link was replaced, or sharing stopped' });
    }
    return presentArticle(await this.articles.getRow(slug, reader?.id, this.profiles.sql));
  }

  private present(key: string): PreviewDto {
    return { key, url: `${this.siteUrl}/preview?key=${key}` };
  }
}
