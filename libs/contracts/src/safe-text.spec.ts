import { decisionSchema, conflictDeclarationSchema } from './case-workflow';
import { accountabilityDecisionSchema } from './accountability';
import { caseListQuerySchema, decisionBodySchema, progressReportBodySchema } from './http';

const decision = { taskId: 't-1', taskVersion: 1, actorId: 'p-0001', outcome: 'REGISTERED' };

describe('free-text fields refuse what cannot be stored', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['an unpaired surrogate', 'a\ud800'],
    ['a control character', 'bell\u0007'],
  ])('rejects %s in a decision comment, in the Update and in the HTTP body', (_name, comment) => {
    expect(decisionSchema.safeParse({ ...decision, comment }).success).toBe(false);
    const body = decisionBodySchema.safeParse({ taskVersion: 1, outcome: 'REGISTERED', comment });
    expect(body.error?.issues[0]).toMatchObject({ path: ['comment'], message: expect.stringContaining('NUL') });
  });

  it('accepts Chinese text, emoji, tab and newline', () => {
    expect(decisionSchema.safeParse({ ...decision, comment: '事实清楚 ✅\n\t证据确凿 🧾' }).success).toBe(true);
  });

  it('rejects NUL in a reason, a basis article, a recusal reason and an accountability modifier', () => {
    expect(decisionSchema.safeParse({ ...decision, reason: '\u0000' }).success).toBe(false);
    expect(decisionSchema.safeParse({ ...decision, basis: [{ regulation: 'WR', article: '5\u0000' }] }).success).toBe(
      false,
    );
    expect(
      conflictDeclarationSchema.safeParse({ actorId: 'p-1', personId: 'p-2', ground: 'OTHER', reason: 'x\u0000' })
        .success,
    ).toBe(false);
    expect(
      accountabilityDecisionSchema.safeParse({
        ...decision,
        measures: { forms: ['CIRCULATE'], modifiers: [{ kind: 'LIGHTER', text: 'cooperated\u0000' }] },
      }).success,
    ).toBe(false);
  });

  it('rejects NUL in a list filter and a progress summary', () => {
    expect(caseListQuerySchema.safeParse({ stage: '\u0000' }).success).toBe(false);
    expect(progressReportBodySchema.safeParse({ summary: 'half done\u0000' }).success).toBe(false);
  });
});
