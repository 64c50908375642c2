import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsArray, MaxLength } from 'class-validator';
import { IfPresent, IsNotBlank } from '../../../common/not-blank.validator';

/**
 * An article's tags, when given: an array of at most 20 names, each not blank and at most 64
 * characters. Checked in this order, stopping at the first failure: the array first, then its items.
 */
export const TagListField = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(20),
    IsNotBlank({ each: true }),
    MaxLength(64, { each: true }),
    IfPresent(),
  );
