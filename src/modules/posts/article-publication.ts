import { ApiError } from '../../common/api-exception.filter';
import { ArticleStatus } from './article.entity';

/**
 * The rules of an article's publication that a create or an edit asks for (its status, a schedule, a
 * date), checked before anything is written: pure functions of the request and the article as it is.
 */

/** Whether the article is already scheduled for `publishAt`. */
export function isScheduledAt(
  article: { status: ArticleStatus; publishedAt: Date | null },
  publishAt: Date,
): boolean {
  return article.status === 'scheduled' && article.publishedAt?.getTime() === publishAt.getTime();
}

/**
 * What a create or an edit asks of an article's publication: `publishAt` only for `scheduled`,
 * `publishedAt` (a date in the past) only for an article that is published after the change.
 */
export interface Publication {
  status?: ArticleStatus;
  publishAt?: Date;
  publishedAt?: Date;
}

/** RFC 3339 allows a lower-case `t` and `z`, which Date does not read. */
const dateTime = (text: string) => new Date(text.toUpperCase());

/**
 * The status and dates asked for, checked: `publishAt` schedules (with no status or `scheduled`) and must
 * be in the future; `scheduled` needs a date unless the article already has one (`current`);
 * `publishedAt` may not be in the future, and the current date sent back asks for nothing.
 */
export function requestedPublication(
  input: { status?: ArticleStatus; publishAt?: string; publishedAt?: string | null },
  current?: { status: ArticleStatus; publishedAt: Date | null },
): Publication {
  let publishedAt = input.publishedAt == null ? undefined : dateTime(input.publishedAt);
  if (publishedAt && publishedAt.getTime() === current?.publishedAt?.getTime()) {
    publishedAt = undefined;
  }
  if (publishedAt && publishedAt.getTime() > Date.now()) {
    throw new ApiError(422, {
      publishedAt: 'must not be in the future (publishAt schedules an article)',
    });
  }
  if (input.publishAt === undefined) {
    if (input.status === 'scheduled' && current?.status !== 'scheduled') {
      throw new ApiError(422, { publishAt: 'is needed to schedule an article' });
    }
    return { status: input.status, publishedAt };
  }
  if (input.status !== undefined && input.status !== 'scheduled') {
    throw new ApiError(422, { publishAt: `cannot be given with status ${input.status}` });
  }
  if (publishedAt) throw new ApiError(422, { publishedAt: 'cannot be given with publishAt' });
  const publishAt = dateTime(input.publishAt);
  if (publishAt.getTime() <= Date.now()) {
    throw new ApiError(422, { publishAt: 'must be in the future' });
  }
  return { status: 'scheduled', publishAt };
}

/** A publication date is for an article that is published (or withheld) once the change is made. */
export function assertDatable(status: ArticleStatus, publishedAt: Date | undefined): void {
  if (publishedAt && status !== 'published' && status !== 'withheld') {
    throw new ApiError(422, { publishedAt: 'is only for a published article' });
  }
}

/** The field a refused publication is reported on: `publishAt` when it asked for a schedule. */
export function publishField(input: { publishAt?: string }): 'status' | 'publishAt' {
  return input.publishAt === undefined ? 'status' : 'publishAt';
}

/**
 * What readers need before they see an article: a draft may be saved with only its title (an editor's
 * autosave), but a published or scheduled one has a description and a body.
 */
export function assertReadable(
  status: ArticleStatus,
  text: { description?: string; body?: string },
): void {
  if (status === 'draft') return;
  const blank = (['description', 'body'] as const).filter((field) => !text[field]?.trim());
  if (blank.length > 0) {
    throw new ApiError(422, Object.fromEntries(blank.map((field) => [field, "can't be blank"])));
  }
}
