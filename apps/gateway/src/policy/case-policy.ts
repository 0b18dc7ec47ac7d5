import { AbilityBuilder, createMongoAbility, subject, type ForcedSubject, type MongoAbility } from '@casl/ability';
import { caseNotHiddenFrom } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';

/**
 * The gateway's access rules, all of them (issue 7 §2). Routes name an action and subject with `@Can`;
 * services check the concrete case with `canOn`. Roles grant capabilities, need-to-know narrows them:
 * a person reaches a case only as a participant, as a member of the commission whose jurisdiction it is,
 * or as its supervisor (metadata only), and never when they are a target of it or recused from it.
 */
export type Action =
  /** Open a case. */
  | 'create'
  /** List cases from the read model (each row still filtered by need-to-know). */
  | 'list'
  /** Full case: tasks, timeline, decisions. */
  | 'read'
  /** Stage, deadlines, overdue and escalation flags only (DOMAIN §8 supervision). */
  | 'readMetadata'
  /** Decide, request extensions and suspensions, declare conflicts, register appeals… (the workflow checks who). */
  | 'act'
  | 'reassign'
  | 'manage';

/**
 * `Supervision`: the stalled/overdue/stats/rectification views over the caller's jurisdictions (metadata
 * only). `RectificationList`: a problem list (整改, DOMAIN §6) and the tasks of its items. `Org`: the org model
 * with history (`GET`/`PUT /org`). `People`: the directory of staff and approvers of the caller's jurisdictions.
 * `Self`: the caller's own roles and jurisdictions (`GET /me`).
 * `PayloadCodec`: the Temporal Web UI's codec endpoint, which turns encrypted workflow histories back into case
 * text (`read`: decode, `act`: encode).
 */
export type SubjectName =
  'Case' | 'Inbox' | 'Calendar' | 'Supervision' | 'RectificationList' | 'Org' | 'People' | 'PayloadCodec' | 'Self';

/** What the policy knows of a case: its read-model row, or its live workflow state (newer). */
export interface CaseResource {
  caseId: string;
  jurisdictionId: string;
  participantIds: string[];
  /** Persons the case is about (被问责人, trace-back candidates). */
  targetIds: string[];
  /** Persons recused from the case (回避, DOMAIN §5): they lose it like its targets do. */
  recusedIds: string[];
}

/**
 * What the policy knows of a problem list. It has no `cases` row: its reach is the supervising body and the
 * responsible units (both in the id space of jurisdictions), its participants the responsible persons and,
 * for a task operation, the task's assignee (verifiers and approvers are not on the list itself).
 */
export interface RectificationListResource {
  listId: string;
  jurisdictionIds: string[];
  participantIds: string[];
}

export type AppAbility = MongoAbility<
  [
    Action,
    (
      | SubjectName
      | (CaseResource & ForcedSubject<'Case'>)
      | (RectificationListResource & ForcedSubject<'RectificationList'>)
    ),
  ]
>;

const CASE_ACTIONS: Action[] = ['read', 'readMetadata', 'act', 'reassign'];

export function abilityFor(principal: Principal): AppAbility {
  const { can, cannot, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const me = principal.personId;
  const mine = { $in: principal.jurisdictionIds };
  const has = (role: Principal['roles'][number]) => principal.roles.includes(role);

  // Everyone: their own inbox, the case list (rows filtered by caseListScope), and the cases they take part in.
  can('read', 'Inbox');
  can('read', 'Self');
  can('list', 'Case');
  can(['read', 'readMetadata', 'act', 'reassign'], 'Case', { participantIds: me });

  if (has('staff') || has('approver')) {
    can(['read', 'readMetadata', 'act'], 'Case', { jurisdictionId: mine });
  }
  // Who is who in one's own commission (the service narrows to the caller's jurisdictions).
  if (has('staff') || has('approver') || has('supervisor') || has('admin')) can('read', 'People');
  // The due-date arithmetic is public rules on public holidays: anyone with a role in a commission may ask.
  if (has('staff') || has('approver') || has('supervisor') || has('admin')) can('read', 'Calendar');
  if (has('staff')) can('create', 'Case', { jurisdictionId: mine });
  if (has('supervisor')) {
    can(['readMetadata', 'reassign'], 'Case', { jurisdictionId: mine });
    can('read', 'Supervision');
  }
  if (has('admin')) {
    can('manage', 'Calendar');
    // The org model decides roles and trace-back candidates; only admins import or export it.
    can('manage', 'Org');
    can('readMetadata', 'Case');
  }

  // Problem lists: the responsible persons work their items; the supervising body's commission (and the one
  // supervising a responsible unit) reads, verifies and decides extensions; supervisors read and reassign.
  // Which person may decide which task is still the workflow's check (NOT_ASSIGNEE, VERIFIER_IS_RESPONSIBLE_PERSON).
  const reach = { jurisdictionIds: { $in: principal.jurisdictionIds } };
  can(['read', 'act'], 'RectificationList', { participantIds: me });
  if (has('staff') || has('approver')) can(['read', 'act'], 'RectificationList', reach);
  if (has('staff')) can('create', 'RectificationList', reach);
  if (has('supervisor')) can(['read', 'reassign'], 'RectificationList', reach);
  if (has('admin')) can('read', 'RectificationList');

  // Decoded histories are case text of every case in the namespace: only supervisors and admins who answer
  // for some jurisdiction, never a bare role (issue 16 §9); every decode is audited.
  if ((has('supervisor') || has('admin')) && principal.jurisdictionIds.length > 0) {
    can(['read', 'act'], 'PayloadCodec');
  }

  // The people under investigation never see their case, and recused colleagues lose it from the moment of
  // recusal, whatever role they hold (DOMAIN §5, §8); inverted rules win.
  cannot(CASE_ACTIONS, 'Case', { targetIds: me });
  cannot(CASE_ACTIONS, 'Case', { recusedIds: me });
  return build();
}

export function canOn(ability: AppAbility, action: Action, resource: CaseResource): boolean {
  return ability.can(action, subject('Case', { ...resource }));
}

export function canOnList(ability: AppAbility, action: Action, resource: RectificationListResource): boolean {
  return ability.can(action, subject('RectificationList', { ...resource }));
}

/** How much of a case the principal sees: everything, metadata only, or nothing. */
export function caseView(ability: AppAbility, resource: CaseResource): 'full' | 'metadata' | null {
  if (canOn(ability, 'read', resource)) return 'full';
  if (canOn(ability, 'readMetadata', resource)) return 'metadata';
  return null;
}

/**
 * The same need-to-know rules as SQL for the read-model list (CASL evaluates objects, not queries).
 * `case-policy.spec.ts` checks this scope against `abilityFor` on generated rows.
 */
export function caseListScope(principal: Principal, alias = 'c'): { sql: string; params: unknown[] } {
  // The people a case is about and those recused from it never see it listed, whatever role they hold.
  const notHidden = caseNotHiddenFrom(alias, '$1');
  if (principal.roles.includes('admin')) return { sql: notHidden, params: [principal.personId] };
  const seesJurisdiction = principal.roles.some((r) => r === 'staff' || r === 'approver' || r === 'supervisor');
  if (seesJurisdiction && principal.jurisdictionIds.length > 0) {
    return {
      sql: `((${alias}.participant_ids @> ARRAY[$1]::text[] OR ${alias}.jurisdiction_id = ANY($2::text[])) AND ${notHidden})`,
      params: [principal.personId, principal.jurisdictionIds],
    };
  }
  return { sql: `(${alias}.participant_ids @> ARRAY[$1]::text[] AND ${notHidden})`, params: [principal.personId] };
}

/**
 * Rows of the case list the principal may read in full (`read` in `abilityFor`): as a participant, or as
 * staff or approver of the jurisdiction. `caseListScope` already leaves out cases the principal is a target of.
 */
export function caseFullAccessCondition(principal: Principal, bind: (value: unknown) => string, alias = 'c'): string {
  const participant = `${alias}.participant_ids @> ARRAY[${bind(principal.personId)}]::text[]`;
  const inJurisdiction = principal.roles.some((r) => r === 'staff' || r === 'approver');
  if (!inJurisdiction || principal.jurisdictionIds.length === 0) return `(${participant})`;
  return `(${participant} OR ${alias}.jurisdiction_id = ANY(${bind(principal.jurisdictionIds)}::text[]))`;
}
