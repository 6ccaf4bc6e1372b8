import { describe, expect, it } from 'vitest';
import { greetingFor, surnameOf } from './greeting';

describe('greetingFor', () => {
  it('greets a woman formally by her surname in German', () => {
    expect(greetingFor('de', { name: 'Anna Sommer', salutation: 'ms' })).toBe('Sehr geehrte Frau Sommer,');
  });

  it('greets a man formally by his surname in German', () => {
    expect(greetingFor('de', { name: 'Deniz Kaya', salutation: 'mr' })).toBe('Sehr geehrter Herr Kaya,');
  });

  it('greets by full name when there is no salutation', () => {
    expect(greetingFor('de', { name: 'Max Mustermann', salutation: null })).toBe('Guten Tag Max Mustermann,');
    expect(greetingFor('en', { name: 'Max Mustermann', salutation: null })).toBe('Hello Max Mustermann,');
  });

  it('uses the English forms for an English recipient', () => {
    expect(greetingFor('en', { name: 'Anna Sommer', salutation: 'ms' })).toBe('Dear Ms Sommer,');
    expect(greetingFor('en', { name: 'Deniz Kaya', salutation: 'mr' })).toBe('Dear Mr Kaya,');
  });

  it('takes the last word as the surname and tidies spaces', () => {
    expect(greetingFor('de', { name: '  Anna   Maria  Sommer ', salutation: 'ms' })).toBe(
      'Sehr geehrte Frau Sommer,',
    );
    expect(greetingFor('de', { name: 'Max   Mustermann', salutation: null })).toBe(
      'Guten Tag Max Mustermann,',
    );
  });

  it('uses a one-word name as the surname', () => {
    expect(greetingFor('de', { name: 'Sommer', salutation: 'ms' })).toBe('Sehr geehrte Frau Sommer,');
  });

  it('greets without a name when the name is empty', () => {
    expect(greetingFor('de', { name: ' ', salutation: 'mr' })).toBe('Guten Tag,');
    expect(greetingFor('en', { name: '', salutation: null })).toBe('Hello,');
  });
});

describe('surnameOf', () => {
  it('is the last word of the name', () => {
    expect(surnameOf('Jan van Dijk')).toBe('Dijk');
    expect(surnameOf('Sommer')).toBe('Sommer');
  });
});
