import {
  type Body,
  type BodyId,
  countDays,
  fromDayRange,
  intersectRanges,
  isDisciplineBodyKind,
  leadingBodyFor,
  normalizeRanges,
  type PersonId,
  tenuresOverlapping,
} from '../org';
import type { TraceBackInput } from './trace-back-candidate';
import { addToDraft, type Context, rowRange } from './trace-back-draft';

/**
 * A subject on the unit's leadership team (班子成员) also implicates the body that managed them
 * during the period and that body's discipline body; each further level is the party body above.
 */
export function traceManagingBodies(
  context: Context,
  input: TraceBackInput,
  subjects: ReadonlySet<PersonId>,
  teamTenures: ReturnType<typeof tenuresOverlapping>,
  bodiesById: ReadonlyMap<BodyId, Body>,
): void {
  const { snapshot } = context;
  if (input.options.tracebackLevels < 1) return;
  for (const subjectId of subjects) {
    const asTeamMember = normalizeRanges(
      teamTenures
        .filter(({ tenure }) => tenure.personId === subjectId)
        .flatMap(({ tenure }) => intersectRanges(rowRange(tenure), context.window)),
    );
    if (asTeamMember.length === 0) continue;
    for (const managed of snapshot.managedBy) {
      if (managed.personId !== subjectId) continue;
      const during = intersectRanges(rowRange(managed), asTeamMember);
      let body = countDays(during) > 0 ? bodiesById.get(managed.bodyId) : undefined;
      for (let level = 1; body && level <= input.options.tracebackLevels; level += 1) {
        const current: Body = body;
        for (const range of during) {
          addToDraft(
            context,
            { rule: 'MANAGING_BODY', target: 'organization', id: current.id, level },
            current.id,
            [range],
            { bodyId: current.id, positionId: null, ...fromDayRange(range), acting: false },
          )?.related.add(subjectId);
        }
        for (const supervision of snapshot.supervisions) {
          const discipline = bodiesById.get(supervision.disciplineBodyId);
          if (supervision.unitId !== current.unitId || !discipline || !isDisciplineBodyKind(discipline.kind)) continue;
          addToDraft(
            context,
            { rule: 'MANAGING_BODY_DISCIPLINE', target: 'organization', id: discipline.id, level },
            discipline.id,
            intersectRanges(rowRange(supervision), during),
            { bodyId: discipline.id, positionId: null, from: supervision.from, to: supervision.to, acting: false },
          )?.related.add(current.id);
        }
        body = leadingBodyFor(snapshot, current.id) ?? undefined;
      }
    }
  }
}
