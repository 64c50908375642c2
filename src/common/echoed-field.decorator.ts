import { applyDecorators } from '@nestjs/common';
import { ApiHideProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow } from 'class-validator';

/**
 * A field of Folio's own answer that a client may send back with its changes: RealWorld editors post
 * the article they fetched (slug, author, dates, favorites), settings pages the user with its token.
 * Accepted whatever its value, then dropped before the service sees it; a field Folio never answers
 * with is still a 422 ("is not allowed"), so a typo does not pass unseen.
 */
export function EchoedField(): PropertyDecorator {
  return applyDecorators(
    ApiHideProperty(),
    Allow(),
    Transform(() => undefined),
  );
}
