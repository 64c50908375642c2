import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

const BLANK = { message: "can't be blank" };

/** An article's preview link. */
export class PreviewDto {
  @ApiProperty({
    description: 'What `GET /api/preview?key=` takes: anyone who has it reads the article',
    example: 'hJ3x9S0mQ2cV7nq4ZbLw8tY1uE5rK6aP0oD2fG4hI8s',
  })
  key: string;

  @ApiProperty({
    description: "The site's preview page for the key (APP_URL/preview?key=…): the link to share",
  })
  url: string;
}

export class PreviewResponseDto {
  @ApiProperty({ type: PreviewDto })
  preview: PreviewDto;
}

export class CurrentPreviewResponseDto {
  @ApiProperty({ type: PreviewDto, nullable: true, description: 'Null while it is not shared' })
  preview: PreviewDto | null;
}

export class PreviewQueryDto {
  // Any other string is a key Folio never made, or no longer has: a 404, as for a stopped link.
  @ApiProperty({ description: "The key of the article's preview link" })
  @IsString(BLANK)
  @IsNotEmpty(BLANK)
  key: string;
}
