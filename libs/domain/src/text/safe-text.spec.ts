import { firstUnsafeText, unsafeTextProblem } from './safe-text';

describe('unsafeTextProblem', () => {
  it('accepts Chinese text, emoji (a paired surrogate), tab and newline', () => {
    expect(unsafeTextProblem('事实清楚，证据确凿 👍\n第二行\t缩进')).toBeNull();
  });

  it.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['a lone high surrogate', 'a\ud800b', 'U+D800'],
    ['a high surrogate at the end', 'ab\ud83d', 'U+D83D'],
    ['a lone low surrogate', '\udc00', 'U+DC00'],
    ['carriage return', 'a\rb', 'U+000D'],
    ['escape', '\u001b[31m', 'U+001B'],
    ['DEL', 'x\u007f', 'U+007F'],
    ['a C1 control', '\u0085', 'U+0085'],
  ])('rejects %s and names the character', (_name, text, code) => {
    expect(unsafeTextProblem(text)).toContain(code);
  });
});

describe('firstUnsafeText', () => {
  it('finds an unsafe string nested in objects and arrays, with its path', () => {
    expect(firstUnsafeText({ comment: 'ok', basis: [{ article: '1' }, { article: 'x\u0000' }] })).toEqual({
      path: 'basis[1].article',
      problem: expect.stringContaining('U+0000'),
    });
  });

  it('returns null for safe input of any shape', () => {
    expect(firstUnsafeText({ a: ['b', 1, null, { c: true }], d: undefined })).toBeNull();
  });
});
