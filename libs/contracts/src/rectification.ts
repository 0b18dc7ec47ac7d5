import { defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { personId, orgId } from './ids';
import { safeText } from './safe-text';
import { versionedTaskAction } from './task-action';
import {
  EVIDENCE_KINDS,
  validateListImport,
  type ImportReferenceData,
  type ImportRowError,
} from '@shuangcha/domain/rectification';
import { RECHECK_OUTCOMES, type NewItem, type RectificationItemState } from '@shuangcha/domain/rectification';

export const evidenceRefSchema = z
  .object({
    id: safeText(120).min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256'),
    kind: z.enum(EVIDENCE_KINDS),
  })
  .strict();
export type EvidenceRefInput = z.infer<typeof evidenceRefSchema>;

/** Who acts on a problem list besides each item's responsible person. Ids only (STYLE §3). */
export const rectificationParticipantsSchema = z
  .object({
    /** Commission staff who verify submissions, in route order; the responsible person is always skipped (DOMAIN §6). */
    verifierIds: z.array(personId).min(1).max(10),
    caseManagementOfficerId: personId,
    leaderInChargeId: personId,
    higherCommissionCaseManagementId: personId,
    /** The person each responsible person answers to: second escalation step and extension approver. */
    superiorOf: z.record(personId, personId).default({}),
  })
  .strict();
export type RectificationParticipants = z.infer<typeof rectificationParticipantsSchema>;

export const RECTIFICATION_SOURCES = ['INSPECTION_FEEDBACK', 'CASE_FINDINGS', 'ACCOUNTABILITY_DECISION'] as const;
export type RectificationSource = (typeof RECTIFICATION_SOURCES)[number];

export const LIST_NO_PATTERN = /^[A-Za-z0-9-]{3,40}$/;
/** Lists bigger than this are split by the commission; see the per-item workflow decision in workflows/. */
export const MAX_ITEMS_PER_LIST = 300;

/**
 * A create or import request (JSON). Items stay loose here: `parseRectificationListRequest` validates them
 * row by row so an import reports every bad row at once.
 */
export const rectificationListRequestSchema = z
  .object({
    listNo: z.string().regex(LIST_NO_PATTERN, 'must be 3-40 letters, digits or dashes, such as 2026-R001'),
    source: z.enum(RECTIFICATION_SOURCES),
    /** The case whose findings the list rectifies, for CASE_FINDINGS and ACCOUNTABILITY_DECISION. */
    sourceCaseId: safeText(120).min(1).optional(),
    supervisingBodyId: orgId,
    policyVersion: safeText(40).min(1),
    participants: rectificationParticipantsSchema,
    openedBy: personId,
    requestKey: z.string().min(8).max(128),
    items: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_ITEMS_PER_LIST),
  })
  .strict();
export type RectificationListRequest = z.infer<typeof rectificationListRequestSchema>;

/** One validated item as the workflows receive it; the due date is the end of its Shanghai day. */
export interface RectificationItemSpec {
  itemKey: string;
  problem: string;
  measure: string;
  responsiblePersonId: string;
  responsibleUnitId: string;
  dueAt: string;
  evidenceRequirements: { kind: (typeof EVIDENCE_KINDS)[number]; description: string }[];
}

/** Input of `rectificationList`, standalone (inspection feedback) or started by a case for its findings. */
export interface RectificationListInput {
  listNo: string;
  source: RectificationSource;
  sourceCaseId: string | null;
  supervisingBodyId: string;
  policyVersion: string;
  participants: RectificationParticipants;
  openedBy: string;
  requestKey: string;
  items: RectificationItemSpec[];
}

export type ParsedListRequest = { ok: true; input: RectificationListInput } | { ok: false; errors: ImportRowError[] };

/**
 * Parses a create/import body: the envelope with zod, then every item row with the domain rules (org
 * snapshot optional). Row −1 stands for the envelope. All or nothing: any error and no input is returned.
 */
export function parseRectificationListRequest(
  body: unknown,
  options: { nowMs: number; reference?: ImportReferenceData },
): ParsedListRequest {
  const envelope = rectificationListRequestSchema.safeParse(body);
  if (!envelope.success) {
    return {
      ok: false,
      errors: envelope.error.issues.map((issue) => {
        const [head, index, ...rest] = issue.path.map(String);
        const isRow = head === 'items' && index !== undefined && /^\d+$/.test(index);
        return {
          row: isRow ? Number(index) : -1,
          field: isRow ? rest.join('.') || 'item' : issue.path.join('.'),
          code: 'INVALID',
          message: issue.message,
        };
      }),
    };
  }
  const request = envelope.data;
  const rows = validateListImport(request.items, options);
  const errors: ImportRowError[] = rows.ok ? [] : [...rows.errors];
  if ((request.source === 'CASE_FINDINGS' || request.source === 'ACCOUNTABILITY_DECISION') && !request.sourceCaseId) {
    errors.unshift({
      row: -1,
      field: 'sourceCaseId',
      code: 'MISSING',
      message: `a ${request.source} list names its case`,
    });
  }
  const persons = options.reference ? new Set(options.reference.personIds) : undefined;
  const { superiorOf, verifierIds, ...named } = request.participants;
  const participantIds: [string, string][] = [
    ...verifierIds.map((id, i): [string, string] => [`participants.verifierIds.${i}`, id]),
    ...Object.entries(named).map(([field, id]): [string, string] => [`participants.${field}`, id]),
    ...Object.entries(superiorOf).map(([of, id]): [string, string] => [`participants.superiorOf.${of}`, id]),
  ];
  for (const [field, id] of persons ? participantIds : []) {
    if (!persons?.has(id))
      errors.push({ row: -1, field, code: 'UNKNOWN_PERSON', message: `person ${id} is not in the org model` });
  }
  // The list workflow refuses such an item after the start; catching it here keeps "nothing is created".
  request.items.forEach((raw, row) => {
    const personId = typeof raw.responsiblePersonId === 'string' ? raw.responsiblePersonId.trim() : undefined;
    if (personId && verifierIds.every((v) => v === personId)) {
      errors.push({
        row,
        field: 'responsiblePersonId',
        code: 'INVALID',
        message: `${personId} is the only verifier; the discipline body verifies, never the responsible person`,
      });
    }
  });
  if (!rows.ok || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      listNo: request.listNo,
      source: request.source,
      sourceCaseId: request.sourceCaseId ?? null,
      supervisingBodyId: request.supervisingBodyId,
      policyVersion: request.policyVersion,
      participants: request.participants,
      openedBy: request.openedBy,
      requestKey: request.requestKey,
      items: rows.items.map(itemSpecOf),
    },
  };
}

function itemSpecOf(item: NewItem): RectificationItemSpec {
  return {
    itemKey: item.itemKey,
    problem: item.problem,
    measure: item.measure,
    responsiblePersonId: item.responsiblePersonId,
    responsibleUnitId: item.responsibleUnitId,
    dueAt: new Date(item.dueAtMs).toISOString(),
    evidenceRequirements: item.evidenceRequirements.map((r) => ({ ...r })),
  };
}

/**
 * 整改问题: the problems a case or a responsibility review found, recorded by staff before it ends; each
 * row has the fields of a list import. The case (at closing) or the review (once final) opens its problem
 * list from them, and only when there are any.
 */
export const rectificationFindingsSchema = z
  .object({
    actorId: personId,
    items: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_ITEMS_PER_LIST),
  })
  .strict();
export type RectificationFindingsInput = z.infer<typeof rectificationFindingsSchema>;

/** The findings' rows as item specs, or every problem with them (the import's rules, due dates after `nowMs`). */
export function parseRectificationFindings(
  rows: readonly Record<string, unknown>[],
  verifierIds: readonly string[],
  nowMs: number,
): { ok: true; items: RectificationItemSpec[] } | { ok: false; problems: string[] } {
  const parsed = validateListImport(rows, { nowMs });
  if (!parsed.ok) return { ok: false, problems: parsed.errors.map((e) => `row ${e.row} ${e.field}: ${e.message}`) };
  const unverifiable = parsed.items.filter((i) => verifierIds.every((v) => v === i.responsiblePersonId));
  if (unverifiable.length > 0)
    return {
      ok: false,
      problems: unverifiable.map(
        (i) => `item ${i.itemKey}: ${i.responsiblePersonId} would verify their own rectification (DOMAIN §6)`,
      ),
    };
  return { ok: true, items: parsed.items.map(itemSpecOf) };
}

/** Replaces the findings recorded so far; answers how many items the list will have. */
export const recordRectificationFindings = defineUpdate<{ items: number }, [RectificationFindingsInput]>(
  'recordRectificationFindings',
);

/** 整改复查: the commission's answer on the re-check task of a completed list (DOMAIN §6). */
export const rectificationRecheckSchema = z
  .object({
    ...versionedTaskAction,
    outcome: z.enum(RECHECK_OUTCOMES),
    /** REOPEN only: the signed-off items that go back to work, each with its new due date. */
    reopen: z
      .array(z.object({ itemKey: safeText(40).min(1), dueDate: z.iso.date() }).strict())
      .max(MAX_ITEMS_PER_LIST)
      .default([]),
    comment: safeText(4000).default(''),
  })
  .strict();
export type RectificationRecheckInput = z.infer<typeof rectificationRecheckSchema>;

export const decideRectificationRecheck = defineUpdate<
  { taskId: string; outcome: string; reopened: string[] },
  [RectificationRecheckInput]
>('decideRectificationRecheck');

/**
 * A case turns its findings into a problem list when an approver closes the stage (DOMAIN §6: per
 * INSPECTION/CIRCULATE decision and per concluded case). The case workflow starts `rectificationList` as a
 * child with this input and `rectificationListWorkflowId(listNo)`.
 */
export function rectificationListFromFindings(args: {
  caseId: string;
  listNo: string;
  source: Extract<RectificationSource, 'CASE_FINDINGS' | 'ACCOUNTABILITY_DECISION'>;
  supervisingBodyId: string;
  policyVersion: string;
  participants: RectificationParticipants;
  approvedBy: string;
  items: RectificationItemSpec[];
}): RectificationListInput {
  return {
    listNo: args.listNo,
    source: args.source,
    sourceCaseId: args.caseId,
    supervisingBodyId: args.supervisingBodyId,
    policyVersion: args.policyVersion,
    participants: args.participants,
    openedBy: args.approvedBy,
    requestKey: `${args.caseId}:rectification:${args.listNo}`,
    items: args.items,
  };
}

/** Business-key workflow ids (STYLE §3); start with WorkflowIdConflictPolicy FAIL. */
export function rectificationListWorkflowId(listNo: string): string {
  return `rectification-${listNo}`;
}
export function rectificationItemWorkflowId(listId: string, itemKey: string): string {
  return `${listId}/item-${itemKey}`;
}

/** Input of one item's child workflow. */
export interface RectificationItemInput {
  listId: string;
  listNo: string;
  /** The list's start: every item of a list runs on one virtual timeline under a compressed policy. */
  epochMs: number;
  policyVersion: string;
  participants: RectificationParticipants;
  item: RectificationItemSpec;
  /**
   * A new run of a signed-off item that the list's re-check reopened: it starts IN_PROGRESS on the new
   * due date, and its versions continue from the run before so the list and the read model take its changes.
   */
  reopened?: { round: number; reopenCount: number; version: number };
}

export const progressReportSchema = z
  .object({
    actorId: personId,
    summary: safeText(4000).min(1),
    attachments: z.array(evidenceRefSchema).max(50).default([]),
  })
  .strict();
export type ProgressReportInput = z.infer<typeof progressReportSchema>;

export const rectificationSubmissionSchema = z
  .object({
    actorId: personId,
    summary: safeText(4000).min(1),
    evidence: z.array(evidenceRefSchema).min(1).max(50),
  })
  .strict();
export type RectificationSubmissionInput = z.infer<typeof rectificationSubmissionSchema>;

export interface RectificationItemResult {
  itemKey: string;
  state: RectificationItemState;
  version: number;
}

/** 整改进展: the responsible person reports progress, with attachments referenced by id and checksum. */
export const reportRectificationProgress = defineUpdate<RectificationItemResult, [ProgressReportInput]>(
  'reportRectificationProgress',
);
/** The responsible person reports the item done; evidence must cover every requirement. */
export const submitRectification = defineUpdate<RectificationItemResult, [RectificationSubmissionInput]>(
  'submitRectification',
);
