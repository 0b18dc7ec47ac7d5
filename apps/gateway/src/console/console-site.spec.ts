import sampleOrg from '../../../../infra/seed/sample-org.json';
import { parseOrgSnapshot } from '@shuangcha/domain/org';
import { devSignInPeople } from './console-site';

describe('the local sign-in list', () => {
  const parsed = parseOrgSnapshot(sampleOrg);
  if (!('snapshot' in parsed)) throw new Error('the sample org does not parse');
  const people = devSignInPeople(parsed.snapshot, '2026-03-31');

  it('names the county case-management officer with her post and commission', () => {
    expect(people.find((p) => p.id === 'p-0032')).toEqual({
      id: 'p-0032',
      displayName: '胡悦',
      posts: [{ title: '案件监督管理室干部', body: '清水县纪委监委' }],
    });
  });

  it('leaves out people without a current post in a discipline body', () => {
    const bodies = new Set(people.flatMap((p) => p.posts.map((post) => post.body)));
    expect([...bodies].every((body) => /纪委|纪检监察组/.test(body))).toBe(true);
    expect(people.length).toBeLessThan(sampleOrg.persons.length);
  });
});
