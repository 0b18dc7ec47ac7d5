import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { KEY_PATTERN } from '../idempotency/idempotency-key.decorator';

export const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';

/** Documents one problem+json response of a route (the generic 400/401/403/413/500/503 are added to all). */
export function ApiProblem(status: number, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: PROBLEM_SCHEMA_REF } } },
  });
}

/** How an Update route uses its key (tasks, cases, trace-back, rectification items). */
export const UPDATE_KEY_DESCRIPTION =
  'Scoped to the caller and route, it names the Workflow Update, so a retry is applied once; the same key sent again while the first request runs gets 409 IDEMPOTENCY_KEY_IN_PROGRESS';

export function ApiIdempotencyKey(description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description,
      schema: { type: 'string', minLength: 8, maxLength: 255, pattern: KEY_PATTERN.source },
    }),
  );
}
