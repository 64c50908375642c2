import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import {
  CoverAltField,
  CoverCaptionField,
  CoverImageField,
  DESCRIPTION_MAX_LENGTH,
  TextField,
} from '../../../common/cover-image.validator';
import { EchoedField } from '../../../common/echoed-field.decorator';
import { NestedObject } from '../../../common/nested-object.decorator';
import { IfPresent, NotBlankText } from '../../../common/not-blank.validator';
import { STATIC_PAGE_STATUSES, StaticPageStatus } from '../static-page.entity';

/** The last place in the site's menu. */
export const MAX_MENU_POSITION = 1000;

/** What a page's answer holds and its input does not: a client sending the page back, ignored. */
abstract class StaticPageEchoes {
  @EchoedField()
  publishedAt?: unknown;

  @EchoedField()
  createdAt?: unknown;

  @EchoedField()
  updatedAt?: unknown;
}

/**
 * A page's fields that a create and an edit share; each left out keeps what the page has. Each field's
 * type is checked before its length (the decorators run from the bottom up).
 */
abstract class StaticPageFields extends StaticPageEchoes {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 400,
    example: 'about-us',
    description:
      "The page's address (/page/about-us), written as slugs are (About us! is about-us); taken: 409. " +
      'Left out or null on a create, or null on an edit: made from the title',
  })
  @Transform(({ value }: { value: unknown }) => (value === '' ? null : value))
  @MaxLength(400, { message: 'is too long (maximum is 400 characters)' })
  @IsString()
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  slug?: string | null;

  @ApiPropertyOptional({
    maxLength: 200_000,
    description: 'Markdown, as an article body; needed (not blank) unless the page is a draft',
  })
  @MaxLength(200_000)
  @IsString()
  @IfPresent()
  body?: string;

  @TextField(
    DESCRIPTION_MAX_LENGTH,
    "What the page is about (Ghost's excerpt): its meta and link-preview description; empty: the start of its text",
  )
  description?: string;

  @CoverImageField()
  coverImage?: string | null;

  @CoverAltField()
  coverImageAlt?: string | null;

  @CoverCaptionField()
  coverImageCaption?: string | null;

  @ApiPropertyOptional({ enum: STATIC_PAGE_STATUSES, description: 'A draft is seen by staff only' })
  @IsIn(STATIC_PAGE_STATUSES)
  @IfPresent()
  status?: StaticPageStatus;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: MAX_MENU_POSITION,
    description: "Its place in the site's menu (1 first); null: not in the menu",
  })
  @Max(MAX_MENU_POSITION, { message: `must be at most ${MAX_MENU_POSITION}` })
  @Min(1, { message: 'must be at least 1' })
  @IsInt({ message: 'must be a whole number' })
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  menuPosition?: number | null;
}

export class NewStaticPageDto extends StaticPageFields {
  @ApiProperty({ example: 'About us', maxLength: 255 })
  @NotBlankText(255)
  title: string;
}

export class CreateStaticPageDto {
  @NestedObject(NewStaticPageDto)
  page: NewStaticPageDto;
}

export class StaticPageChangesDto extends StaticPageFields {
  @ApiPropertyOptional({ maxLength: 255 })
  @IfPresent()
  @NotBlankText(255)
  title?: string;
}

export class UpdateStaticPageDto {
  @NestedObject(StaticPageChangesDto)
  page: StaticPageChangesDto;
}

/** A page in a list: everything but its body. */
export class StaticPageSummaryDto {
  @ApiProperty({ example: 'about-us' })
  slug: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: "What the page is about (Ghost's excerpt); '' when none" })
  description: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'An absolute http(s) image URL (an upload or another site), or null',
  })
  coverImage: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What the cover shows, for readers who cannot see it; null when not given',
  })
  coverImageAlt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A line of plain text under the cover (a credit), or null',
  })
  coverImageCaption: string | null;

  @ApiProperty({ enum: STATIC_PAGE_STATUSES })
  status: StaticPageStatus;

  @ApiProperty({ type: 'integer', nullable: true })
  menuPosition: number | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it was first published; null for a draft never published',
  })
  publishedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export class StaticPageDto extends StaticPageSummaryDto {
  @ApiProperty({ description: 'Markdown' })
  body: string;
}

export class SingleStaticPageResponseDto {
  @ApiProperty({ type: StaticPageDto })
  page: StaticPageDto;
}

export class MultipleStaticPagesResponseDto {
  @ApiProperty({ type: [StaticPageSummaryDto] })
  pages: StaticPageSummaryDto[];
}
