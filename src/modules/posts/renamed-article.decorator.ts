import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, from, Observable } from 'rxjs';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { MovedPermanently } from '../../common/api-exception.filter';
import { ArticlePagesService } from './article-pages.service';

/** The request's address with the article's slug (the segment after `/articles/`) made `slug`. */
export function movedAddress(url: string, slug: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt);
  return `${path.replace(/^(.*?\/articles\/)[^/]+/, (_match, head: string) => `${head}${encodeURIComponent(slug)}`)}${query}`;
}

/**
 * A read of a renamed article's old slug (its article or its comments) answers 301 to the same read at
 * the current slug, as the site's page does: an old link in a RealWorld client (its `/#/article/<old>`)
 * finds the article, since fetch and XHR follow the redirect. Writes to an old slug stay 404: a client
 * would repeat a POST as a GET after a 301.
 */
@Injectable()
class RenamedArticleInterceptor implements NestInterceptor {
  constructor(private readonly articles: ArticlePagesService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(catchError((error: unknown) => from(this.movedOr(error, request))));
  }

  private async movedOr(error: unknown, request: FastifyRequest): Promise<never> {
    const { slug } = request.params as { slug?: unknown };
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (read && typeof slug === 'string' && isArticleNotFound(error)) {
      const current = await this.articles.currentSlug(slug);
      if (current) throw new MovedPermanently(movedAddress(request.url, current));
    }
    throw error;
  }
}

function isArticleNotFound(error: unknown): boolean {
  return error instanceof RecordNotFoundError && error.entity === 'article';
}

/** On a GET route with a `:slug` param: a renamed article's old slug answers 301 to its current one. */
export const FollowsRenamedArticle = () => UseInterceptors(RenamedArticleInterceptor);
