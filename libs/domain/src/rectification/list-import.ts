import { endOfShanghaiDay } from '../calendar';
import { unsafeTextProblem } from '../text';
import { EVIDENCE_KINDS, type EvidenceKind, type NewItem } from './rectification-item';

/** One row of a problem-list import as it arrives (JSON); nothing about it is trusted yet. */
export interface ImportRow {
  itemKey?: unknown;
  problem?: unknown;
  measure?: unknown;
  responsiblePersonId?: unknown;
  responsibleUnitId?: unknown;
  /** `YYYY-MM-DD`, Asia/Shanghai; due at the end of that day. */
  dueDate?: unknown;
  evidenceRequirements?: unknown;
}

export interface ImportRowError {
  /** 0-based index of the row in the import. */
  readonly row: number;
  readonly field: string;
  readonly code:
    | 'MISSING'
    | 'INVALID'
    | 'UNKNOWN_UNIT'
    | 'UNKNOWN_PERSON'
    | 'DEADLINE_IN_PAST'
    | 'DEADLINE_TOO_FAR'
    | 'DUPLICATE_KEY'
    | 'UNKNOWN_EVIDENCE_KIND';
  readonly message: string;
}

/** Known ids from the org model, when one is available; without it, ids are only checked for shape. */
export interface ImportReferenceData {
  readonly unitIds: readonly string[];
  readonly personIds: readonly string[];
}

export type ImportResult =
  { readonly ok: true; readonly items: NewItem[] } | { readonly ok: false; readonly errors: ImportRowError[] };

const ITEM_KEY = /^[A-Za-z0-9._-]{1,40}$/;

/**
 * A rectification is a time-limited fix (有一件改一件); a deadline decades out is a typing error, and an
 * item due in 2099 was seen to crash the worker. Five years covers every real schedule.
 */
const MAX_HORIZON_YEARS = 5;
const MAX_HORIZON_MS = MAX_HORIZON_YEARS * 366 * 86_400_000;
const OPAQUE_ID = /^[A-Za-z0-9._-]{2,64}$/;
/** Item texts travel in workflow input; with MAX_ITEMS_PER_LIST this keeps a list under Temporal's 2 MB payload limit. */
const TEXT_MAX = 1000;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Validates a whole problem-list import and reports every bad row and field, not just the first: the
 * import is all or nothing, so staff fix the file once. Accepts nothing when any row is bad.
 */
export function validateListImport(
  rows: readonly ImportRow[],
  options: { nowMs: number; reference?: ImportReferenceData },
): ImportResult {
  const errors: ImportRowError[] = [];
  const items: NewItem[] = [];
  const units = options.reference ? new Set(options.reference.unitIds) : undefined;
  const persons = options.reference ? new Set(options.reference.personIds) : undefined;
  const firstRowOfKey = new Map<string, number>();
  if (rows.length === 0)
    errors.push({ row: -1, field: 'items', code: 'MISSING', message: 'a problem list needs at least one item' });

  rows.forEach((raw, row) => {
    const err = (field: string, code: ImportRowError['code'], message: string) =>
      errors.push({ row, field, code, message });
    const before = errors.length;
    const r: ImportRow = typeof raw === 'object' && raw !== null ? raw : {};

    const itemKey = text(r.itemKey);
    if (itemKey === undefined) err('itemKey', 'MISSING', 'itemKey is required');
    else if (!ITEM_KEY.test(itemKey))
      err('itemKey', 'INVALID', 'itemKey must be 1-40 letters, digits, dot, dash or underscore');
    else if (firstRowOfKey.has(itemKey))
      err('itemKey', 'DUPLICATE_KEY', `itemKey ${itemKey} already used by row ${firstRowOfKey.get(itemKey)}`);
    else firstRowOfKey.set(itemKey, row);

    const problem = text(r.problem);
    if (problem === undefined) err('problem', 'MISSING', 'problem is required');
    else if (problem.length > TEXT_MAX) err('problem', 'INVALID', `problem is longer than ${TEXT_MAX} characters`);
    else if (unsafeTextProblem(problem)) err('problem', 'INVALID', `problem ${unsafeTextProblem(problem)}`);
    const measure = text(r.measure);
    if (measure === undefined) err('measure', 'MISSING', 'measure is required');
    else if (measure.length > TEXT_MAX) err('measure', 'INVALID', `measure is longer than ${TEXT_MAX} characters`);
    else if (unsafeTextProblem(measure)) err('measure', 'INVALID', `measure ${unsafeTextProblem(measure)}`);

    const personId = text(r.responsiblePersonId);
    if (personId === undefined) err('responsiblePersonId', 'MISSING', 'responsiblePersonId is required');
    else if (!OPAQUE_ID.test(personId))
      err('responsiblePersonId', 'INVALID', 'responsiblePersonId must be an opaque id');
    else if (persons && !persons.has(personId))
      err('responsiblePersonId', 'UNKNOWN_PERSON', `person ${personId} is not in the org model`);

    const unitId = text(r.responsibleUnitId);
    if (unitId === undefined) err('responsibleUnitId', 'MISSING', 'responsibleUnitId is required');
    else if (!OPAQUE_ID.test(unitId)) err('responsibleUnitId', 'INVALID', 'responsibleUnitId must be an opaque id');
    else if (units && !units.has(unitId))
      err('responsibleUnitId', 'UNKNOWN_UNIT', `unit ${unitId} is not in the org model`);

    let dueAtMs: number | undefined;
    const dueDate = text(r.dueDate);
    if (dueDate === undefined) err('dueDate', 'MISSING', 'dueDate (YYYY-MM-DD) is required');
    else {
      try {
        dueAtMs = endOfShanghaiDay(dueDate);
      } catch {
        err('dueDate', 'INVALID', `dueDate ${dueDate} is not a YYYY-MM-DD date`);
      }
      if (dueAtMs !== undefined && dueAtMs <= options.nowMs)
        err('dueDate', 'DEADLINE_IN_PAST', `dueDate ${dueDate} has already passed`);
      else if (dueAtMs !== undefined && dueAtMs > options.nowMs + MAX_HORIZON_MS)
        err('dueDate', 'DEADLINE_TOO_FAR', `dueDate ${dueDate} is more than ${MAX_HORIZON_YEARS} years ahead`);
    }

    const requirements: { kind: EvidenceKind; description: string }[] = [];
    if (r.evidenceRequirements !== undefined && !Array.isArray(r.evidenceRequirements)) {
      err('evidenceRequirements', 'INVALID', 'evidenceRequirements must be a list');
    } else {
      ((r.evidenceRequirements as unknown[] | undefined) ?? []).forEach((req, i) => {
        const field = `evidenceRequirements[${i}]`;
        const o = (typeof req === 'object' && req !== null ? req : {}) as { kind?: unknown; description?: unknown };
        const kind = text(o.kind);
        const description = text(o.description);
        if (kind === undefined) err(`${field}.kind`, 'MISSING', 'an evidence requirement needs a kind');
        else if (!(EVIDENCE_KINDS as readonly string[]).includes(kind)) {
          err(
            `${field}.kind`,
            'UNKNOWN_EVIDENCE_KIND',
            `unknown evidence kind ${kind}; known: ${EVIDENCE_KINDS.join(', ')}`,
          );
        }
        if (description === undefined)
          err(`${field}.description`, 'MISSING', 'an evidence requirement needs a description');
        else if (description.length > TEXT_MAX)
          err(`${field}.description`, 'INVALID', `description is longer than ${TEXT_MAX} characters`);
        else if (unsafeTextProblem(description))
          err(`${field}.description`, 'INVALID', `description ${unsafeTextProblem(description)}`);
        if (kind !== undefined && description !== undefined)
          requirements.push({ kind: kind as EvidenceKind, description });
      });
    }

    if (errors.length === before && itemKey && problem && measure && personId && unitId && dueAtMs !== undefined) {
      items.push({
        itemKey,
        problem,
        measure,
        responsiblePersonId: personId,
        responsibleUnitId: unitId,
        dueAtMs,
        evidenceRequirements: requirements,
      });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, items };
}
