import { ApiProperty } from '@nestjs/swagger';

/** What the blog says about itself (SITE_TITLE, SITE_DESCRIPTION, APP_URL, SITE_LANGUAGE), for frontends. */
export class SiteDto {
  @ApiProperty({ example: 'Folio' })
  title: string;

  @ApiProperty({ example: 'Stories and ideas from Folio' })
  description: string;

  @ApiProperty({ example: 'https://blog.example.com', description: 'The public address, APP_URL' })
  url: string;

  @ApiProperty({
    example: 'en',
    description: 'The language the articles are written in (SITE_LANGUAGE), a BCP 47 tag',
  })
  language: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://blog.example.com/media/0f6c…/1280.webp',
    description: "The blog's share image (SITE_IMAGE), absolute, or null",
  })
  image: string | null;

  @ApiProperty({
    enum: ['open', 'invitation'],
    example: 'open',
    description:
      'Who may make an account (SIGNUPS): anyone, or only those an administrator invites (registration answers 403)',
  })
  signups: 'open' | 'invitation';
}

export class SiteResponseDto {
  @ApiProperty({ type: SiteDto })
  site: SiteDto;
}
