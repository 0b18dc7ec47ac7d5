import { SetMetadata } from '@nestjs/common';
import type { Action, SubjectName } from './case-policy';

export const ACCESS_RULE = 'shuangcha:access-rule';

export interface AccessRule {
  action: Action;
  subject: SubjectName;
}

/**
 * The route's access rule. The guard checks the role-level capability (403 when no rule could ever
 * allow it); the service then checks the concrete case (need-to-know). Every non-public route has one.
 */
export const Can = (action: Action, subject: SubjectName): MethodDecorator =>
  SetMetadata(ACCESS_RULE, { action, subject } satisfies AccessRule);
