import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ProblemCode } from '@shuangcha/contracts/http';
import { ProblemException } from '../problem/problem.exception';
import type { GatewayRequest } from '../auth/principal';

// Long enough to be unguessable in practice, short and plain enough to be a Temporal update id.
const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** The request's Idempotency-Key header (STYLE §5: required on every POST). */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const value = ctx.switchToHttp().getRequest<GatewayRequest>().headers['idempotency-key'];
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw new ProblemException(
      ProblemCode.IdempotencyKeyRequired,
      'send an Idempotency-Key header of 8-128 characters [A-Za-z0-9._:-], the same one on every retry',
    );
  }
  return value;
});
