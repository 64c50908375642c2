import { ApiProperty } from '@nestjs/swagger';
import { ProfileDto } from '../../profiles/profile.types';

export class CommentDto {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ example: '2016-02-18T03:22:56.637Z' })
  createdAt: string;

  @ApiProperty({ example: '2016-02-18T03:22:56.637Z' })
  updatedAt: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ type: ProfileDto })
  author: ProfileDto;
}

export class SingleCommentResponseDto {
  @ApiProperty({ type: CommentDto })
  comment: CommentDto;
}

export class MultipleCommentsResponseDto {
  @ApiProperty({ type: [CommentDto], description: 'Oldest first' })
  comments: CommentDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The `cursor` of the next page; null when there are no more comments',
  })
  nextCursor: string | null;
}
