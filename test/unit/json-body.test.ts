import { describe, expect, it } from 'vitest';
import { ReelpipeError } from '../../core/errors';
import { MAX_JSON_DEPTH, nestedDeeperThan, parseJsonText } from '../../server/plugins/json-body';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** The 400 parseJsonText throws, as the API would answer it. */
const refusal = (text: string, what = 'The JSON body') => {
  try {
    parseJsonText(text, what);
  } catch (error) {
    expect(error).toBeInstanceOf(ReelpipeError);
    const { status, code, message } = error as ReelpipeError;
    return { status, code, message };
  }
  throw new Error('parsed');
};

describe('nestedDeeperThan', () => {
  it('counts objects and arrays alike', () => {
    expect(nestedDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(nestedDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(nestedDeeperThan('1', 0)).toBe(false);
  });

  it('takes the deepest point, not the number of brackets', () => {
    const wide = `[${Array.from({ length: 1000 }, () => '{"a":[1]}').join(',')}]`;
    expect(nestedDeeperThan(wide, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestedDeeperThan(`{"a":"${'['.repeat(100)}"}`, 1)).toBe(false);
    expect(nestedDeeperThan(`{"a":"\\"${'{'.repeat(100)}"}`, 1)).toBe(false);
    expect(nestedDeeperThan(`{"a\\\\":[[1]]}`, 2)).toBe(true);
  });
});

describe('parseJsonText', () => {
  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more, however deep the text goes`, () => {
    expect(parseJsonText(nested(MAX_JSON_DEPTH), 'The JSON body')).toBeInstanceOf(Array);
    const tooDeep = {
      status: 400,
      code: 'bad_request',
      message: 'The JSON body is nested too deeply (at most 32 levels).',
    };
    expect(refusal(nested(MAX_JSON_DEPTH + 1))).toEqual(tooDeep);
    expect(refusal(`{"metadata":${nested(100_000)}}`)).toEqual(tooDeep);
  });

  it('names what it parsed, and never echoes the text', () => {
    expect(refusal('', 'The "mapping" field')).toEqual({
      status: 400,
      code: 'bad_request',
      message: 'The "mapping" field is empty.',
    });
    expect(refusal('{"secret": "Ana Souza", ', 'The "mapping" field').message).toBe(
      'The "mapping" field is not valid JSON.',
    );
  });

  it('refuses the keys of prototype poisoning at any depth, as Fastify does', () => {
    expect(refusal('{"a":{"__proto__":{"admin":true}}}').message).toBe('The JSON body may not have a "__proto__" key.');
    expect(refusal('[{"\\u005f_proto__":{}}]').message).toBe('The JSON body may not have a "__proto__" key.');
    expect(refusal('{"constructor":{"prototype":{"admin":true}}}').message).toBe(
      'The JSON body may not have a "constructor.prototype" key.',
    );
    // A key named constructor is harmless without a prototype in it.
    expect(parseJsonText('{"constructor":"Ana"}', 'The JSON body')).toEqual({ constructor: 'Ana' });
  });

  it('parses ordinary JSON as JSON.parse does', () => {
    const text = '{"template":"welcome","props":{"firstName":"Анна"},"rows":[{"a":"[not nested]"}],"n":1.5}';
    expect(parseJsonText(text, 'The JSON body')).toEqual(JSON.parse(text));
  });
});
