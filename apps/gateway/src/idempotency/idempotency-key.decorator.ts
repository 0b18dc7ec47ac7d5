import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ProblemCode } from '@shuangcha/contracts/http';
import { ProblemException } from '../problem/problem.exception';
import type { GatewayRequest } from '../auth/principal';

/**
 * Long enough to be unguessable in practice, and plain. It is hashed into the Update id, so its length is
 * free; the limit leaves room for a key a client builds from a task id (which names its workflow, `~` included).
 */
export const KEY_PATTERN = /^[A-Za-z0-9._:~-]{8,255}$/;

/** The request's Idempotency-Key header (STYLE §5: required on every POST). */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const value = ctx.switchToHttp().getRequest<GatewayRequest>().headers['idempotency-key'];
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw new ProblemException(
      ProblemCode.IdempotencyKeyRequired,
      'send an Idempotency-Key header of 8-255 characters [A-Za-z0-9._:~-], the same one on every retry',
    );
  }
  return value;
});
