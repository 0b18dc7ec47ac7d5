import type { Dayjs } from 'dayjs';
import type { Schemas } from '../../api/client';

export type JurisdictionUnit = Schemas['JurisdictionUnit'];
export type Proposal = Schemas['ParticipantProposalDto'];
export type ProposedRole = Proposal['roles'][number]['role'];
type CreateCaseBody = Schemas['CreateCaseDto'];
type Indicators = NonNullable<CreateCaseBody['indicators']>;

/** What the form holds; dates stay dayjs until submission. */
export interface OpenCaseValues {
  unitId?: string;
  kind: CreateCaseBody['kind'];
  subjectIds?: string[];
  domains?: string[];
  misconductIntervals?: { from?: Dayjs | null; to?: Dayjs | null }[];
  complainantRef?: string;
  /** The day the lead was received, when the case is registered later (date of record). */
  leadReceivedOn?: Dayjs | null;
  indicators: Required<Indicators>;
  caseOfficerId?: string;
}

export const INITIAL_VALUES: OpenCaseValues = {
  kind: 'violation',
  misconductIntervals: [{}],
  indicators: {
    expectedSanctionAtLeastProbation: false,
    crimeSuspected: false,
    subjectIsTeamMember: false,
    personsInvestigatedInUnit: 0,
    misconductMonths: 0,
    ignoredComplaints: 0,
    inspectionFindingsUnrectified: false,
  },
};

export interface TreeNode {
  value: string;
  title: string;
  children: TreeNode[];
}

/** The flat list of `GET /org/units` as TreeSelect nodes, in the order the API gave them. */
export function unitTree(units: readonly JurisdictionUnit[]): TreeNode[] {
  const nodes = new Map(units.map((u) => [u.id, { value: u.id, title: u.name, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const unit of units) {
    const node = nodes.get(unit.id)!;
    const parent = unit.parentId === null ? undefined : nodes.get(unit.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The `POST /cases` body: the server allocates the number, proposes the participants and picks the policy. */
export function caseBody(values: OpenCaseValues, unit: JurisdictionUnit): CreateCaseBody {
  const complainantRef = values.complainantRef?.trim();
  return {
    kind: values.kind,
    unitId: unit.id,
    jurisdictionId: unit.jurisdictionId,
    subjectIds: values.subjectIds ?? [],
    domains: (values.domains ?? []).map((d) => d.trim()).filter(Boolean),
    misconductIntervals: (values.misconductIntervals ?? []).map((i) => ({
      from: i.from?.format('YYYY-MM-DD') ?? '',
      to: i.to?.format('YYYY-MM-DD') ?? '',
    })),
    ...(complainantRef ? { complainantRef } : {}),
    ...(values.leadReceivedOn ? { leadReceivedOn: values.leadReceivedOn.format('YYYY-MM-DD') } : {}),
    indicators: values.indicators,
    ...(values.caseOfficerId ? { caseOfficerId: values.caseOfficerId } : {}),
  };
}

/** The form fields an API error path can land on; anything else stays in the alert (or on a role). */
const FIELDS = new Set([
  'unitId',
  'kind',
  'subjectIds',
  'domains',
  'complainantRef',
  'leadReceivedOn',
  'caseOfficerId',
]);

/** `participants.<field>` of a 422 PARTICIPANTS_INVALID, by the role the proposal table shows. */
const ROLE_OF_PARTICIPANT_FIELD: Record<string, ProposedRole> = {
  caseManagementOfficerId: 'caseManagementOfficer',
  caseOfficerId: 'caseOfficer',
  leaderInChargeId: 'leaderInCharge',
  principalLeaderId: 'principalLeader',
  deputyLeaderIds: 'deputyLeaders',
  higherCommissionLeaderId: 'higherCommissionLeader',
  higherCommissionCaseManagementId: 'higherCommissionCaseManagement',
  trialReviewerIds: 'trialReviewers',
  standingCommitteeIds: 'standingCommittee',
  appealHandlerId: 'appealHandler',
};

export type FieldName = (string | number)[];

export interface PlacedErrors {
  fields: { name: FieldName; errors: string[] }[];
  roles: Partial<Record<ProposedRole, string[]>>;
}

/**
 * Where each `errors[]` entry of a problem goes: `misconductIntervals.0.to` onto that date, `subjectIds.1`
 * onto the subject list, `indicators.x` onto its input, `participants.trialReviewerIds` onto its role.
 */
export function placeErrors(errors: readonly { path: string; message: string }[]): PlacedErrors {
  const fields = new Map<string, { name: FieldName; errors: string[] }>();
  const roles: PlacedErrors['roles'] = {};
  const onField = (name: FieldName, message: string) => {
    const key = name.join('.');
    const entry = fields.get(key) ?? { name, errors: [] };
    entry.errors.push(message);
    fields.set(key, entry);
  };
  for (const { path, message } of errors) {
    const [head, second, third] = path.split('.');
    if (head === 'misconductIntervals' && second !== undefined && /^\d+$/.test(second)) {
      onField(['misconductIntervals', Number(second), third === 'from' ? 'from' : 'to'], message);
    } else if (head === 'indicators' && second !== undefined) {
      onField(['indicators', second], message);
    } else if (head === 'participants' && second !== undefined && second in ROLE_OF_PARTICIPANT_FIELD) {
      const role = ROLE_OF_PARTICIPANT_FIELD[second];
      if (role === 'caseOfficer') onField(['caseOfficerId'], message);
      else roles[role] = [...(roles[role] ?? []), message];
    } else if (FIELDS.has(head)) {
      onField([head], message);
    }
  }
  return { fields: [...fields.values()], roles };
}
