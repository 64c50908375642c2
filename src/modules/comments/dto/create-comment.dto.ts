import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, MaxLength, ValidateNested } from 'class-validator';
import { IsNotBlank } from '../../../common/not-blank.validator';

export class NewCommentDto {
  @ApiProperty({ example: 'It takes a Jacobian' })
  @MaxLength(20_000)
  @IsNotBlank()
  body: string;
}

export class CreateCommentDto {
  @ApiProperty({ type: NewCommentDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => NewCommentDto)
  comment: NewCommentDto;
}
