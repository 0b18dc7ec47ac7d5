import fc from 'fast-check';
import {
  countDays,
  fromDayNumber,
  intersectRanges,
  type Interval,
  type MeetingDecision,
  normalizeRanges,
  type OrgSnapshot,
  toDayNumber,
  toDayRange,
} from '../org';
import { aCountyUnit } from '../org/org-snapshot.builder';
import { responsibilityTraceBack } from './responsibility-trace-back';
import type { TraceBackInput } from './trace-back-candidate';

const PERSONS = Array.from({ length: 10 }, (_, i) => `p-${String(i + 1).padStart(2, '0')}`);
const DOMAINS = ['procurement', 'personnel', 'finance'];
const BASE_DAY = toDayNumber('2018-01-01') as number;

const structure = aCountyUnit()
  .asOf('2025-12-31')
  .withUnit('u-a-division', 'u-a', 'internalDivision')
  .withPosition('pos-a-deputy', 'b-a-pg', 'deputySecretary', false)
  .withPosition('pos-county-secretary', 'b-county', 'secretary')
  .withPosition('pos-commission-head', 'b-commission', 'disciplineSecretary')
  .build();
const POSITION_IDS = structure.positions.map((p) => p.id);

const date = fc.integer({ min: 0, max: 3000 }).map((offset) => fromDayNumber(BASE_DAY + offset));
const interval: fc.Arbitrary<Interval> = fc
  .tuple(fc.integer({ min: 0, max: 3000 }), fc.option(fc.integer({ min: 0, max: 1500 }), { nil: null }))
  .map(([start, length]) => ({
    from: fromDayNumber(BASE_DAY + start),
    to: length === null ? null : fromDayNumber(BASE_DAY + start + length),
  }));
const person = fc.constantFrom(...PERSONS);

const snapshotArb: fc.Arbitrary<OrgSnapshot> = fc
  .record({
    tenures: fc.array(
      fc.record({
        personId: person,
        positionId: fc.constantFrom(...POSITION_IDS),
        period: interval,
        acting: fc.boolean(),
      }),
      { maxLength: 25 },
    ),
    portfolios: fc.array(
      fc.record({
        personId: person,
        bodyId: fc.constantFrom('b-a-pg', 'b-county'),
        domain: fc.constantFrom(...DOMAINS),
        period: interval,
      }),
      { maxLength: 10 },
    ),
    supervisions: fc.array(
      fc.record({
        disciplineBodyId: fc.constantFrom('b-a-dg', 'b-commission'),
        unitId: fc.constantFrom('u-a', 'u-a-division', 'u-county'),
        period: interval,
      }),
      { maxLength: 5 },
    ),
    managedBy: fc.array(
      fc.record({ personId: person, bodyId: fc.constantFrom('b-county', 'b-a-pg'), period: interval }),
      { maxLength: 10 },
    ),
    decisions: fc.array(
      fc.record({
        bodyId: fc.constantFrom('b-a-pg', 'b-county'),
        date,
        domain: fc.constantFrom(...DOMAINS),
        attendees: fc.uniqueArray(person, { maxLength: 6 }),
        dissentMask: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      }),
      { maxLength: 6 },
    ),
  })
  .map((rows) => ({
    ...structure,
    persons: PERSONS.map((id) => ({ id, displayName: id })),
    tenures: rows.tenures.map(({ period, ...rest }) => ({ ...rest, ...period })),
    portfolios: rows.portfolios.map(({ period, ...rest }) => ({ ...rest, ...period })),
    supervisions: [
      ...structure.supervisions,
      ...rows.supervisions.map(({ period, ...rest }) => ({ ...rest, ...period })),
    ],
    managedBy: rows.managedBy.map(({ period, ...rest }) => ({ ...rest, ...period })),
    meetingDecisions: rows.decisions.map(({ dissentMask, ...decision }, index): MeetingDecision => ({
      id: `md-${index}`,
      ...decision,
      dissent: decision.attendees.filter((_, i) => dissentMask[i]),
    })),
  }));

const inputArb: fc.Arbitrary<TraceBackInput> = fc.record({
  unitId: fc.constantFrom('u-a', 'u-a-division', 'u-county'),
  misconductIntervals: fc.array(interval, { minLength: 1, maxLength: 3 }),
  domains: fc.subarray(DOMAINS),
  subjectIds: fc.subarray(PERSONS, { maxLength: 3 }),
  options: fc.record({
    minOverlapDays: fc.integer({ min: 0, max: 400 }),
    tracebackLevels: fc.integer({ min: 0, max: 3 }),
  }),
});

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function misconductWindow(input: TraceBackInput, snapshot: OrgSnapshot) {
  const asOf = toDayNumber(snapshot.asOf) as number;
  return normalizeRanges(
    input.misconductIntervals.flatMap((i) => {
      const range = toDayRange(i);
      return range ? [{ start: range.start, end: Math.min(range.end, asOf) }].filter((r) => r.start <= r.end) : [];
    }),
  );
}

describe('responsibilityTraceBack properties', () => {
  it('lists a person only when their matched tenures share at least minOverlapDays with the misconduct period', () => {
    fc.assert(
      fc.property(snapshotArb, inputArb, (snapshot, input) => {
        const window = misconductWindow(input, snapshot);
        for (const candidate of responsibilityTraceBack(input, snapshot).candidates) {
          if (candidate.target !== 'person') continue;
          const served = normalizeRanges(candidate.periods.flatMap((p) => toDayRange(p) ?? []));
          const shared = countDays(intersectRanges(served, window));
          expect(candidate.overlapDays).toBeGreaterThanOrEqual(Math.max(1, input.options.minOverlapDays));
          expect(shared).toBeGreaterThanOrEqual(candidate.overlapDays);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never lists the same person or body twice under one rule', () => {
    fc.assert(
      fc.property(snapshotArb, inputArb, (snapshot, input) => {
        const keys = responsibilityTraceBack(input, snapshot).candidates.map(
          (c) => `${c.rule}|${c.personId ?? c.organizationBodyId}`,
        );
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 300 },
    );
  });

  it('never lists a subject of the violation case', () => {
    fc.assert(
      fc.property(snapshotArb, inputArb, (snapshot, input) => {
        const listed = responsibilityTraceBack(input, snapshot).candidates.map((c) => c.personId);
        expect(listed.filter((id) => id !== null && input.subjectIds.includes(id))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result whatever the order of every input and snapshot array', () => {
    fc.assert(
      fc.property(snapshotArb, inputArb, fc.integer(), (snapshot, input, seed) => {
        const random = seededRandom(seed);
        const reordered: OrgSnapshot = {
          asOf: snapshot.asOf,
          persons: shuffled(snapshot.persons, random),
          units: shuffled(snapshot.units, random),
          bodies: shuffled(snapshot.bodies, random),
          positions: shuffled(snapshot.positions, random),
          tenures: shuffled(snapshot.tenures, random),
          portfolios: shuffled(snapshot.portfolios, random),
          supervisions: shuffled(snapshot.supervisions, random),
          managedBy: shuffled(snapshot.managedBy, random),
          meetingDecisions: shuffled(snapshot.meetingDecisions, random).map((d) => ({
            ...d,
            attendees: shuffled(d.attendees, random),
            dissent: shuffled(d.dissent, random),
          })),
        };
        const reorderedInput: TraceBackInput = {
          ...input,
          misconductIntervals: shuffled(input.misconductIntervals, random),
          domains: shuffled(input.domains, random),
          subjectIds: shuffled(input.subjectIds, random),
        };
        expect(responsibilityTraceBack(reorderedInput, reordered)).toEqual(responsibilityTraceBack(input, snapshot));
      }),
      { numRuns: 300 },
    );
  });
});
