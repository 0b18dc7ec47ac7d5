import { describe, expect, it } from '@jest/globals';
import { ProblemCode } from '../../../../libs/contracts/src/http/problem';
import en from './en.json';
import zhCN from './zh-CN.json';

// Every problem the API can answer is shown to a person in words, in both languages (issue 11 §4).
describe('problem texts', () => {
  it.each([
    ['zh-CN', zhCN.problem],
    ['en', en.problem],
  ])('%s names every problem code', (_language: string, texts: Record<string, string>) => {
    const missing = Object.values(ProblemCode).filter((code) => !(code in texts));
    expect(missing).toEqual([]);
  });
});
