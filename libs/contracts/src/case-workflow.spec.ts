import { aCase } from '../../../test/builders/case.builder';
import { caseStartSchema } from './case-workflow';

describe('caseStartSchema', () => {
  const withRef = (complainantRef: string) => caseStartSchema.safeParse({ ...aCase().build(), complainantRef });

  it('takes an opaque reference to the restricted complainant record', () => {
    expect(withRef('c-2026-0042').success).toBe(true);
  });

  it('refuses a complainantRef that is not an opaque reference, such as a name or a phone number', () => {
    for (const ref of ['张三', 'Zhang San 13800000000', 'p-0032', 'c-']) {
      const parsed = withRef(ref);
      expect({ ref, success: parsed.success }).toEqual({ ref, success: false });
      expect(parsed.error?.issues[0].path).toEqual(['complainantRef']);
    }
  });

  it('refuses a misconduct period that ends before it starts, naming its end', () => {
    const parsed = caseStartSchema.safeParse({
      ...aCase().build(),
      misconductIntervals: [{ from: '2024-06-30', to: '2022-01-01' }],
    });
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([['misconductIntervals', 0, 'to']]);
    const oneDay = [{ from: '2024-06-30', to: '2024-06-30' }];
    expect(caseStartSchema.safeParse({ ...aCase().build(), misconductIntervals: oneDay }).success).toBe(true);
  });
});
