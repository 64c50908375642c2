import { ApiProperty } from '@nestjs/swagger';
import { ProfileDto } from '../../profiles/profile.types';

/** A version of an article's text, as the history lists it. */
export class RevisionDto {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  title: string;

  @ApiProperty()
  description: string;

  @ApiProperty({
    description:
      "The editing session's first save (saves by one person within 10 minutes are one revision)",
    example: '2016-02-18T03:22:56.637Z',
  })
  createdAt: string;

  @ApiProperty({ description: "The session's last save", example: '2016-02-18T03:29:10.102Z' })
  updatedAt: string;

  @ApiProperty({
    type: ProfileDto,
    nullable: true,
    description:
      'Who saved it; null when unknown (a deleted account, or the text the article had before its history began)',
  })
  editor: ProfileDto | null;
}

export class RevisionWithBodyDto extends RevisionDto {
  @ApiProperty()
  body: string;
}

export class RevisionsResponseDto {
  @ApiProperty({
    type: [RevisionDto],
    description:
      'The last saved first, without bodies; at most 20. Empty until the text is first changed: the history then starts with the text it had',
  })
  revisions: RevisionDto[];
}

export class SingleRevisionResponseDto {
  @ApiProperty({ type: RevisionWithBodyDto })
  revision: RevisionWithBodyDto;
}
