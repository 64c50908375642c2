import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  isISO8601,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';
import { EchoedField } from '../../../common/echoed-field.decorator';
import { IfPresent, isBlank, IsNotBlank } from '../../../common/not-blank.validator';
import { OptionalText } from '../../../common/optional-text.validator';
import { isDotSegment, tagName } from '../tag-names';
import {
  CoverAltField,
  CoverCaptionField,
  CoverImageField,
  DESCRIPTION_MAX_LENGTH,
  TextField,
} from '../../../common/cover-image.validator';

/**
 * An article's tags, when given: an array of at most 20 names, each at most 64 characters and neither
 * `.` nor `..` once trimmed and composed as tags are kept (no address can name them). Blank names are
 * dropped first: a tag box left empty (RealWorld's Vue client adds `""` on Enter) is no tag, not a
 * refused article. Checked in this order, stopping at the first failure: the array first, then its items.
 */
export const TagListField = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      Array.isArray(value)
        ? value.filter((name) => typeof name !== 'string' || !isBlank(name))
        : value,
    ),
    IsArray(),
    ArrayMaxSize(20),
    IsNotBlank({ each: true }),
    MaxLength(64, { each: true }),
    NotDotSegment({ each: true }),
    IfPresent(),
  );

function NotDotSegment(options: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notDotSegment',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !isDotSegment(tagName(value)),
        defaultMessage: () =>
          'has an item that is "." or "..": a web address cannot name such a tag',
      },
    },
    options,
  );
}

/**
 * When a scheduled article is to be published: an ISO 8601 date-time with its offset, in the future
 * (the service checks that). Giving it schedules the article.
 */
export const PublishAtField = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: String,
      format: 'date-time',
      example: '2027-01-01T09:00:00Z',
      description:
        'Schedules the article: it stays unseen (status scheduled) until then and is then published by itself',
    }),
    IsZonedDateTime(),
    IfPresent(),
  );

/**
 * The date a published article shows (Ghost's "publish date"): a date-time with its offset, not in the
 * future (publishAt schedules). Its current value sent back, or null (a draft's, echoed), changes nothing.
 */
export const PublishedAtField = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: String,
      format: 'date-time',
      nullable: true,
      example: '2024-05-01T09:00:00Z',
      description:
        'The date a published article shows, in the past (backdating an imported post, or correcting one); ' +
        'publishing again after an unpublish keeps the date it had unless this gives another',
    }),
    IsZonedDateTime(),
    ValidateIf((_object, value) => value !== undefined && value !== null),
  );

/**
 * RFC 3339's date-time (ISO 8601's common form), seconds optional, with its offset: without one a
 * time would be read in the server's own zone (a form's `datetime-local` value is such a time).
 */
const ZONED_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** A date-time of the shape and a real date (no February 30th, no hour 25); its instant, or NaN. */
function zonedInstant(value: unknown): number {
  if (typeof value !== 'string' || !ZONED_DATE_TIME.test(value)) return Number.NaN;
  const upper = value.toUpperCase();
  return isISO8601(upper, { strict: true, strictSeparator: true }) ? Date.parse(upper) : Number.NaN;
}

/**
 * Whether the instant is before the year 10000 in UTC: pg-boss cannot queue a later one. (The years
 * before 100 never get here: isISO8601's strict check refuses them.)
 */
const beforeYear10000 = (instant: number) => new Date(instant).getUTCFullYear() <= 9999;

function IsZonedDateTime(): PropertyDecorator {
  return ValidateBy({
    name: 'isZonedDateTime',
    validator: {
      validate: (value: unknown) => {
        const instant = zonedInstant(value);
        return !Number.isNaN(instant) && beforeYear10000(instant);
      },
      // 9999-12-31T23:00:00-05:00 is a valid date-time whose instant is in the year 10000.
      defaultMessage: (args) =>
        Number.isNaN(zonedInstant(args?.value))
          ? 'must be a date-time with its time zone (ISO 8601, e.g. 2027-01-01T09:00:00Z)'
          : 'must be before the year 10000 (UTC)',
    },
  });
}

/**
 * A description or body: text of at most `max` characters, which a draft may leave empty or out. Whether
 * it may be blank depends on the article's status after the change, so ArticlesService checks that.
 */
export const ArticleTextField = (max: number) =>
  TextField(max, 'Needed (not blank) unless the article is a draft');

/**
 * The address an author chooses (`/article/<slug>`), written as slugs are (`My Post!` is `my-post`).
 * Empty or null: the title's (on an edit, the title's again). An edit that sends the current slug back
 * (as RealWorld editors do) chooses nothing. Its letters and digits are checked by ArticlesService.
 */
/** The longest text a chosen slug is made from: punctuation and spaces fall away as it is made. */
const SLUG_INPUT_MAX_LENGTH = 1000;

export const SlugField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({
      type: String,
      nullable: true,
      maxLength: SLUG_INPUT_MAX_LENGTH,
      description: `${description}. Written as slugs are (My Post! is my-post): a slug over 200 characters is 422`,
    }),
    Transform(({ value }: { value: unknown }) => (value === '' ? null : value)),
    IsString(),
    // What is typed; the slug made from it is held to 200 characters where it is made (ArticlesService).
    MaxLength(SLUG_INPUT_MAX_LENGTH, {
      message: `is too long (maximum is ${SLUG_INPUT_MAX_LENGTH} characters)`,
    }),
    ValidateIf((_object, value) => value !== undefined && value !== null),
  );

/** What an article's answer holds and its input does not: sent back by RealWorld editors, ignored. */
export abstract class ArticleEchoes {
  @EchoedField()
  createdAt?: unknown;

  @EchoedField()
  updatedAt?: unknown;

  @EchoedField()
  favorited?: unknown;

  @EchoedField()
  favoritesCount?: unknown;

  @EchoedField()
  author?: unknown;
}

/** The fields a new article and an edit take alike, with the echoes RealWorld editors send back. */
export abstract class SharedArticleFields extends ArticleEchoes {
  @ArticleTextField(DESCRIPTION_MAX_LENGTH)
  description?: string;

  @ArticleTextField(200_000)
  body?: string;

  @PublishAtField()
  publishAt?: string;

  @PublishedAtField()
  publishedAt?: string | null;

  @CoverImageField()
  coverImage?: string | null;

  @CoverAltField()
  coverImageAlt?: string | null;

  @CoverCaptionField()
  coverImageCaption?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A category slug; null: none (an edit: clears it)',
  })
  @OptionalText(80)
  category?: string | null;

  @ApiPropertyOptional({
    type: Boolean,
    default: true,
    description:
      "Mail it to the newsletter's subscribers when it is first published (false: publish only); read when the mailing runs, and nobody gets an article twice",
  })
  @IsBoolean({ message: 'must be true or false' })
  @IfPresent()
  newsletter?: boolean;
}
