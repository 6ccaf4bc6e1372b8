import { describe, expect, it } from 'vitest';
import { fieldsWithNul } from './nul-guard';

describe('fieldsWithNul', () => {
  it('names nested fields the way validation errors do', () => {
    expect(
      fieldsWithNul({ subject: 'ok', facts: [{ key: 'a', value: 'x\u0000y' }], tags: ['\u0000'] }),
    ).toEqual(['facts.0.value', 'tags.0']);
  });

  it('names a key that carries the character, and a body that is only text', () => {
    expect(fieldsWithNul({ filters: { 'st\u0000atus': 'open' } })).toEqual(['filters.st\\u0000atus']);
    expect(fieldsWithNul('\u0000')).toEqual(['body']);
  });

  it('finds nothing in clean input, numbers, nulls and files', () => {
    expect(fieldsWithNul({ a: 1, b: null, c: [true, 'text'], d: Buffer.from([0, 0]) })).toEqual([]);
    expect(fieldsWithNul(undefined)).toEqual([]);
  });

  it('walks a deeply nested body without running out of stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(fieldsWithNul(deep)).toHaveLength(1);
  });
});
