import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemCode } from '@shuangcha/contracts/http';
import type { GatewayRequest } from '../auth/principal';
import { PUBLIC_ROUTE } from '../auth/public.decorator';
import { ProblemException } from '../problem/problem.exception';
import { ACCESS_RULE, type AccessRule } from './can.decorator';
import { abilityFor } from './case-policy';

/** Runs after AuthGuard. A route without a rule is refused (fail closed), and the unit test catches it first. */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [ctx.getHandler(), ctx.getClass()])) return true;
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_RULE, ctx.getHandler());
    const principal = ctx.switchToHttp().getRequest<GatewayRequest>().principal;
    if (!rule || !principal) throw new ProblemException(ProblemCode.Forbidden, 'this route has no access rule');
    if (!abilityFor(principal).can(rule.action, rule.subject)) {
      throw new ProblemException(
        ProblemCode.Forbidden,
        `roles [${principal.roles.join(', ')}] may not ${rule.action} ${rule.subject}`,
      );
    }
    return true;
  }
}
