import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/api-exception.filter';
import { AuthUser } from '../accounts/auth-user.types';
import { profileFromColumns } from '../profiles/profile.sql';
import { ProfilesService } from '../profiles/profiles.service';
import { ArticleRevisionsRepository, RevisionRow } from './article-revisions.repository';
import { ArticlesService } from './articles.service';
import { ArticleDto } from './dto/article-response.dto';
import { RevisionDto, RevisionWithBodyDto } from './dto/article-revision.dto';

const REVISION_NOT_FOUND = () => new ApiError(404, { revision: 'not found' });

function present(row: RevisionRow): RevisionDto {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    editor: row.editor && profileFromColumns(row.editor),
  };
}

/**
 * Revision history, as Ghost's post history: every edit of an article's text is kept (one revision an
 * editing session, ArticleRevisionsRepository.record), and whoever may edit the article reads the
 * versions and restores one. A restore is an edit like any other (the same rules, a new revision, the
 * `article.updated` event), so nothing is lost by it.
 */
@Injectable()
export class ArticleRevisionsService {
  constructor(
    private readonly revisions: ArticleRevisionsRepository,
    private readonly articles: ArticlesService,
    private readonly profiles: ProfilesService,
  ) {}

  /** The article's revisions, the last saved first. */
  async list(reader: AuthUser, slug: string): Promise<RevisionDto[]> {
    const articleId = await this.articles.editableId(reader, slug);
    const rows = await this.revisions.list(articleId, reader.id, this.profiles.sql);
    return rows.map(present);
  }

  /** One revision, its body included. */
  async get(reader: AuthUser, slug: string, id: number): Promise<RevisionWithBodyDto> {
    const row = await this.find(reader, slug, id);
    return { ...present(row), body: row.body };
  }

  /** Makes the revision's text the article's: an edit by `reader`, with its rules and its revision. */
  async restore(reader: AuthUser, slug: string, id: number): Promise<ArticleDto> {
    const { title, description, body } = await this.find(reader, slug, id);
    // A revision of its own: joined to the reader's current one, it would replace the text they wrote.
    return this.articles.update(reader, slug, { title, description, body }, { newRevision: true });
  }

  private async find(
    reader: AuthUser,
    slug: string,
    id: number,
  ): Promise<RevisionRow & { body: string }> {
    const articleId = await this.articles.editableId(reader, slug);
    const row = await this.revisions.find(articleId, id, reader.id, this.profiles.sql);
    if (!row) throw REVISION_NOT_FOUND();
    return row;
  }
}
