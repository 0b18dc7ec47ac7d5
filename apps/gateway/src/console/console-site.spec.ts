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

  it('lists discipline-body staff first, then party officials who answer for rectification items', () => {
    const firstParty = people.findIndex((p) => !p.posts.some((post) => /纪委|纪检监察组/.test(post.body)));
    expect(firstParty).toBeGreaterThan(0);
    expect(people.slice(firstParty).every((p) => !p.posts.some((post) => /纪委|纪检监察组/.test(post.body)))).toBe(
      true,
    );
    expect(people.find((p) => p.id === 'p-0013')?.posts.length).toBeGreaterThan(0);
  });
});
