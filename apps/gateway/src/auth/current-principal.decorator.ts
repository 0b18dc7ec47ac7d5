import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { GatewayRequest, Principal } from './principal';

/** The authenticated caller; the guard has rejected the request before a handler runs without one. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<GatewayRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
