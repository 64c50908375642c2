import { applyDecorators } from '@nestjs/common';
import { ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { ApiErrorResponseDto } from './api-error-response.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Refused: `{"errors":{"token":["is invalid or expired"]}}`',
  401: 'No valid token: `{"errors":{"token":["is missing"]}}`',
  403: 'Not allowed: `{"errors":{"article":["forbidden"]}}`',
  404: 'Not found: `{"errors":{"article":["not found"]}}`',
  409: 'Already taken: `{"errors":{"name":["has already been taken"]}}`',
  422: 'Invalid input, by field: `{"errors":{"title":["can\'t be blank"]}}`',
  429: 'Too many attempts, with `Retry-After` (seconds): `{"errors":{"rateLimit":["too many attempts, try again in 42 s"]}}`',
};

/** Documents the error responses of a route, all in the RealWorld error shape. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: ApiErrorResponseDto }),
    ),
  );
}

/** The route needs `Authorization: Token <token>` (or Bearer). */
export function ApiToken(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiSecurity('token'), ApiErrors(401));
}

/**
 * The route reads with or without a token: with one, the answer is the reader's (`favorited`,
 * `following`, their drafts). Both security requirements, so a generated client sends the token it has.
 */
export function ApiOptionalToken(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiSecurity('token'), ApiSecurity({}));
}
