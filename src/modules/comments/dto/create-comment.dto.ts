import { ApiProperty } from '@nestjs/swagger';
import { NotBlankText } from '../../../common/not-blank.validator';
import { NestedObject } from '../../../common/nested-object.decorator';

export class NewCommentDto {
  @ApiProperty({ example: 'It takes a Jacobian' })
  @NotBlankText(20_000)
  body: string;
}

export class CreateCommentDto {
  @NestedObject(NewCommentDto)
  comment: NewCommentDto;
}
