import type { RectificationParticipants } from '@shuangcha/contracts';
import type { HumanTask } from '@shuangcha/domain/case';
import { escalationRecipient, uniq } from '../engine/routes';

/** Who is notified, who approves extensions and who supervises, for the tasks of one rectification item. */
export function rectificationRoutes(p: RectificationParticipants) {
  const superiorOf = (personId: string): string => p.superiorOf[personId] ?? p.leaderInChargeId;
  return {
    /** DOMAIN §6: the discipline body verifies, never the responsible person. */
    verifiersFor: (responsiblePersonId: string): string[] => p.verifierIds.filter((id) => id !== responsiblePersonId),
    /** DOMAIN §7: an extension is approved at least one level up; the commission's leader in charge backs it. */
    approverAbove: (personId: string): string[] =>
      uniq([superiorOf(personId), p.leaderInChargeId]).filter((id) => id !== personId),
    recipientFor: (role: string, task: HumanTask): string => escalationRecipient(p, superiorOf, role, task),
    supervisors: uniq([p.caseManagementOfficerId, p.leaderInChargeId]),
  };
}
