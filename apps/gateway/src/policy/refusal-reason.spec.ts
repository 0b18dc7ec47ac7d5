import type { Principal } from '../auth/principal';
import { caseRefusalReason, listRefusalReason } from './refusal-reason';

const staff = (personId: string, jurisdictionIds = ['j-county']): Principal => ({
  personId,
  roles: ['staff'],
  jurisdictionIds,
});
const resource = {
  caseId: 'case-2026-0001',
  jurisdictionId: 'j-county',
  participantIds: ['p-officer'],
  targetIds: ['p-subject', 'p-candidate'],
  recusedIds: ['p-witness'],
};
const conflicts = [
  { personId: 'p-subject', ground: 'SUBJECT' as const },
  { personId: 'p-candidate', ground: 'CANDIDATE' as const },
  { personId: 'p-witness', ground: 'WITNESS' as const },
];

describe('caseRefusalReason', () => {
  it('names the subject, the candidate and the recused colleague', () => {
    expect(caseRefusalReason(staff('p-subject'), resource, conflicts)).toBe('SUBJECT');
    expect(caseRefusalReason(staff('p-candidate'), resource, conflicts)).toBe('CANDIDATE');
    expect(caseRefusalReason(staff('p-witness'), resource, conflicts)).toBe('RECUSED');
  });

  it('says TARGET when only the read model is known, without the conflicts', () => {
    expect(caseRefusalReason(staff('p-candidate'), resource)).toBe('TARGET');
  });

  it('tells a person outside the jurisdiction from one in reach whose roles do not allow the action', () => {
    expect(caseRefusalReason(staff('p-elsewhere', ['j-other']), resource)).toBe('OUTSIDE_JURISDICTION');
    expect(caseRefusalReason(staff('p-colleague'), resource)).toBe('NOT_PERMITTED');
    expect(caseRefusalReason(staff('p-officer', []), resource)).toBe('NOT_PERMITTED');
  });
});

describe('listRefusalReason', () => {
  const list = { listId: 'rectification-R1', jurisdictionIds: ['j-county', 'u-unit'], participantIds: ['p-resp'] };
  it('names an unknown list, a person out of reach and one in reach', () => {
    expect(listRefusalReason(staff('p-x'), null)).toBe('UNKNOWN');
    expect(listRefusalReason(staff('p-x', ['j-other']), list)).toBe('OUTSIDE_JURISDICTION');
    expect(listRefusalReason(staff('p-x', ['u-unit']), list)).toBe('NOT_PERMITTED');
  });
});
