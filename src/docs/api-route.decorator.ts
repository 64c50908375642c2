import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { ApiErrors } from './api-errors.decorator';

/** The success answer: a body (200 or 201), or the description of a bodiless 202 or 204. */
type ApiSuccess =
  { ok: Type<unknown> } | { created: Type<unknown> } | { accepted: string } | { noContent: string };

export type ApiRouteOptions = ApiSuccess & {
  summary: string;
  /** Error statuses beyond those the route's guards document (@ApiToken, rate limits, superusers). */
  errors?: number[];
};

function successResponse(success: ApiSuccess): MethodDecorator {
  if ('ok' in success) return ApiOkResponse({ type: success.ok });
  if ('created' in success) return ApiCreatedResponse({ type: success.created });
  if ('accepted' in success) return ApiAcceptedResponse({ description: success.accepted });
  return ApiNoContentResponse({ description: success.noContent });
}

/**
 * A route's documentation in one place: its summary, its success answer and its error answers.
 * The HTTP status itself stays with @HttpCode, beside the route's verb.
 */
export function ApiRoute({ summary, errors = [], ...success }: ApiRouteOptions): MethodDecorator {
  return applyDecorators(ApiOperation({ summary }), successResponse(success), ApiErrors(...errors));
}
