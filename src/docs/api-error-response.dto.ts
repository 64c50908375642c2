import { ApiProperty } from '@nestjs/swagger';

/** Every error the API sends: field (or subject) → messages. */
export class ApiErrorResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { title: ["can't be blank"] },
  })
  errors: Record<string, string[]>;
}
