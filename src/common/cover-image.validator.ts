import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IfPresent } from './not-blank.validator';

/**
 * The fields an article and a static page share: a description and a cover with its alternative text
 * and caption. Written once so both refuse alike, with the same messages.
 */

/** The longest description (an article's or a page's), in characters. */
export const DESCRIPTION_MAX_LENGTH = 2000;

/** The longest cover URL, alternative text and caption. */
export const COVER_LIMITS = { image: 2048, alt: 300, caption: 500 } as const;

/** Text of at most `max` characters, which may be empty; null is refused. */
export const TextField = (max: number, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ maxLength: max, description }),
    IsString(),
    MaxLength(max),
    IfPresent(),
  );

/**
 * A cover image: an absolute http(s) URL (an upload's `url` from POST /api/media, or any image on the
 * web), its scheme in any case (RFC 3986); null, or an emptied field's `""` (as a user's image), clears it.
 */
export const CoverImageField = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: String,
      nullable: true,
      maxLength: COVER_LIMITS.image,
      description:
        'An http(s) image URL (an upload from POST /api/media or any other); null or "" clears it',
    }),
    Transform(({ value }: { value: unknown }) => (value === '' ? null : value)),
    IsString({ message: 'is invalid' }),
    MaxLength(COVER_LIMITS.image, { message: 'is too long (maximum is 2048 characters)' }),
    Matches(/^https?:\/\/\S+$/i, { message: 'must be an http(s) URL' }),
    ValidateIf((_object, value) => value !== undefined && value !== null),
  );

/**
 * The cover's alternative text or caption: plain text of at most `max` characters; null, or an emptied
 * field's `""`, clears it.
 */
export const CoverTextField = (max: number, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, maxLength: max, description }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && value.trim() === '' ? null : value,
    ),
    IsString(),
    MaxLength(max),
    ValidateIf((_object, value) => value !== undefined && value !== null),
  );

/** A cover's alternative text, as an input field. */
export const CoverAltField = () =>
  CoverTextField(
    COVER_LIMITS.alt,
    'What the cover shows, for readers who cannot see it; null or "" clears it',
  );

/** A cover's caption, as an input field. */
export const CoverCaptionField = () =>
  CoverTextField(
    COVER_LIMITS.caption,
    'A line of plain text under the cover (a credit); null or "" clears it',
  );
