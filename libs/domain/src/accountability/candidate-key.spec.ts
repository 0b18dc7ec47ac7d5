import { candidateTask } from './candidate-key';

describe('candidateTask', () => {
  it('keeps a person target out of the title and names them as the person the task concerns', () => {
    const person = {
      candidateKey: 'person-p-0036',
      target: 'person',
      personId: 'p-0036',
      organizationBodyId: null,
    } as const;
    expect(candidateTask(person, 'Establish the facts (查明事实)')).toEqual({
      title: 'Establish the facts (查明事实)',
      concernsPersonId: 'p-0036',
    });
  });

  it('titles an organization target with its key: no person to name', () => {
    const org = {
      candidateKey: 'org-b-health-pg',
      target: 'organization',
      personId: null,
      organizationBodyId: 'b-health-pg',
    } as const;
    expect(candidateTask(org, 'Establish the facts (查明事实)')).toEqual({
      title: 'Establish the facts (查明事实): org-b-health-pg',
    });
  });
});
