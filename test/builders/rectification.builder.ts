import type { RectificationItemSpec, RectificationListInput } from '../../libs/contracts/src';
import { endOfShanghaiDay, shanghaiLocalDate } from '../../libs/domain/src/calendar';
import { DEFAULT_POLICY } from '../../libs/domain/src/policy';

/** Ids from infra/seed/sample-org.json: city commission case management verifies, unit staff rectify. */
export const RECT_PEOPLE = {
  verifier: 'p-0006',
  verifier2: 'p-0007',
  caseManagement: 'p-0007',
  leaderInCharge: 'p-0003',
  higherCommissionCaseManagement: 'p-0031',
  housingResponsible: 'p-0012',
  housingSuperior: 'p-0013',
  transportResponsible: 'p-0015',
} as const;

const DAY = 24 * 60 * 60 * 1000;
const SHA = (seed: string) =>
  seed
    .padEnd(64, '0')
    .replace(/[^0-9a-f]/g, 'a')
    .slice(0, 64);

export const evidence = (
  kind: RectificationItemSpec['evidenceRequirements'][number]['kind'],
  id = `doc-${kind.toLowerCase()}`,
) => ({
  id,
  sha256: SHA(Buffer.from(id).toString('hex')),
  kind,
});

let sequence = 0;

export class RectificationListBuilder {
  private readonly input: RectificationListInput;

  constructor(private readonly nowMs: number) {
    sequence += 1;
    this.input = {
      listNo: `2026-R${String(sequence).padStart(3, '0')}-${Math.floor(nowMs / 1000) % 100000}`,
      source: 'INSPECTION_FEEDBACK',
      sourceCaseId: null,
      supervisingBodyId: 'u-city-ctig',
      policyVersion: DEFAULT_POLICY.version,
      participants: {
        verifierIds: [RECT_PEOPLE.verifier, RECT_PEOPLE.verifier2],
        caseManagementOfficerId: RECT_PEOPLE.caseManagement,
        leaderInChargeId: RECT_PEOPLE.leaderInCharge,
        higherCommissionCaseManagementId: RECT_PEOPLE.higherCommissionCaseManagement,
        superiorOf: { [RECT_PEOPLE.housingResponsible]: RECT_PEOPLE.housingSuperior },
      },
      openedBy: RECT_PEOPLE.caseManagement,
      requestKey: `req-${sequence}-abcdefgh`,
      items: [],
    };
  }

  withItem(itemKey: string, over: Partial<RectificationItemSpec> & { dueInDays?: number } = {}): this {
    const { dueInDays = 20, ...rest } = over;
    this.input.items.push({
      itemKey,
      problem: `problem ${itemKey}`,
      measure: `measure ${itemKey}`,
      responsiblePersonId: RECT_PEOPLE.housingResponsible,
      responsibleUnitId: 'u-city-housing',
      dueAt: new Date(endOfShanghaiDay(shanghaiLocalDate(this.nowMs + dueInDays * DAY))).toISOString(),
      evidenceRequirements: [
        { kind: 'REGULATION', description: 'the adopted rules' },
        { kind: 'MEETING_MINUTES', description: 'minutes of the committee meeting' },
      ],
      ...rest,
    });
    return this;
  }

  build(): RectificationListInput {
    return structuredClone(this.input);
  }
}

export const aRectificationList = (nowMs: number) => new RectificationListBuilder(nowMs);
