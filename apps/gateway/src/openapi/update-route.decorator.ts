import { applyDecorators, HttpCode, Post, type Type } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, type ApiParamOptions } from '@nestjs/swagger';
import { Can } from '../policy/can.decorator';
import type { Action, SubjectName } from '../policy/case-policy';
import { ApiIdempotencyKey, ApiProblem, UPDATE_KEY_DESCRIPTION } from './api-problem.decorator';
import { UpdateAcceptedDto } from './dtos';

/** What differs between the routes that send one Workflow Update: the rest of their contract is the same. */
export interface UpdateRouteSpec {
  path: string;
  can: [Action, SubjectName];
  summary: string;
  params: ApiParamOptions[];
  body: Type<unknown>;
  response: Type<unknown>;
  /** A task Update: 202 when the workflow accepted it while the database was away (issue 15 §2). */
  acceptedWhileDatabaseAway?: boolean;
  /** The route's own problem responses, by status. */
  problems: Partial<Record<403 | 404 | 409 | 422, string>>;
}

/**
 * A POST that sends one Workflow Update (tasks, cases, trace-back, rectification items): 200 with the
 * Update's result, an access rule, the Idempotency-Key that names the Update, and the route's problems.
 */
export function UpdateRoute(spec: UpdateRouteSpec): MethodDecorator {
  const decorators = [
    Post(spec.path),
    HttpCode(200),
    Can(...spec.can),
    ApiOperation({ summary: spec.summary }),
    ...spec.params.map((param) => ApiParam(param)),
    ApiBody({ type: spec.body }),
    ApiOkResponse({ type: spec.response }),
    ...(spec.acceptedWhileDatabaseAway
      ? [
          ApiResponse({
            status: 202,
            type: UpdateAcceptedDto,
            description:
              'accepted by the workflow while the database is away; it takes effect once the database returns, and a retry with the same Idempotency-Key answers the result',
          }),
        ]
      : []),
    ApiIdempotencyKey(UPDATE_KEY_DESCRIPTION),
    ...Object.entries(spec.problems).map(([status, description]) => ApiProblem(Number(status), description)),
  ];
  // Stacked decorators apply bottom-up; applying these in the same order keeps the generated document as it was.
  return applyDecorators(...decorators.reverse());
}
