import { ApiProperty } from '@nestjs/swagger';

export class MediaVariantDto {
  @ApiProperty({ example: 'http://localhost:3000/media/0b6f…/640.webp' })
  url: string;

  @ApiProperty({ enum: ['jpeg', 'png', 'webp', 'avif', 'gif'] })
  format: string;

  @ApiProperty()
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty()
  bytes: number;
}

export class MediaDto {
  @ApiProperty({ description: 'The public id (a UUID), as in the files’ URLs' })
  id: string;

  @ApiProperty({ enum: ['jpeg', 'png', 'webp', 'avif', 'gif'], description: 'The uploaded format' })
  format: string;

  @ApiProperty({ description: 'Upright width of the upload (EXIF orientation applied)' })
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty({ description: 'Size of the uploaded file' })
  bytes: number;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty({ description: 'The largest variant in the uploaded format, for `<img src>`' })
  url: string;

  @ApiProperty({
    description: 'The WebP variants for `<img srcset>`',
    example:
      'http://localhost:3000/media/0b6f…/320.webp 320w, http://localhost:3000/media/0b6f…/640.webp 640w',
  })
  srcset: string;

  @ApiProperty({ type: [MediaVariantDto] })
  variants: MediaVariantDto[];
}

export class SingleMediaResponseDto {
  @ApiProperty({ type: MediaDto })
  media: MediaDto;
}

export class MultipleMediaResponseDto {
  @ApiProperty({ type: [MediaDto] })
  media: MediaDto[];

  @ApiProperty({ description: 'How many uploads you have in all' })
  mediaCount: number;
}

/** The multipart form of POST /api/media, for the OpenAPI document. */
export class UploadMediaDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, AVIF or GIF' })
  file: unknown;
}
