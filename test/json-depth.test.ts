// The JSON nesting limit that guards every walker of a request body (src/security.ts): exact at the limit,
// whatever mix of objects and arrays, and not fooled by brackets inside strings or by many shallow siblings.
import fc from 'fast-check';
import { isJsonContentType, jsonNestsDeeperThan } from '../src/http/body.js';

/** Reference: JSON.parse, then measure the depth of what came out. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce((max: number, child) => Math.max(max, depthOf(child)), 0);
}

const nest = (levels: number, open = '[', close = ']') => open.repeat(levels) + close.repeat(levels);

it('accepts nesting at the limit and refuses one level more', () => {
  expect(jsonNestsDeeperThan(nest(8), 8)).toBe(false);
  expect(jsonNestsDeeperThan(nest(9), 8)).toBe(true);
  expect(jsonNestsDeeperThan(`${'{"a":'.repeat(9)}1${'}'.repeat(9)}`, 8)).toBe(true);
  expect(jsonNestsDeeperThan(`${'{"a":'.repeat(8)}1${'}'.repeat(8)}`, 8)).toBe(false);
});

it('counts many shallow siblings as shallow', () => {
  const wide = JSON.stringify({ list: Array.from({ length: 500 }, (_, i) => ({ i, tags: [i] })) });
  expect(jsonNestsDeeperThan(wide, 8)).toBe(false);
});

it('ignores brackets inside strings, escaped quotes included', () => {
  expect(jsonNestsDeeperThan(JSON.stringify({ a: nest(100), b: '\\"[[[[[[[[[[' }), 8)).toBe(false);
  expect(jsonNestsDeeperThan(JSON.stringify([['"\\"', nest(20)], [[[[[[[[1]]]]]]]]]), 8)).toBe(true);
});

it('agrees with the depth of the parsed value for any JSON', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 12 }), (value, limit) => {
      const text = JSON.stringify(value);
      expect(jsonNestsDeeperThan(text, limit)).toBe(depthOf(value) > limit);
    }),
    { numRuns: 500 },
  );
});

it('recognises application/json in any case and with parameters', () => {
  for (const type of ['application/json', 'Application/JSON', 'application/json; charset=utf-8', ' application/json ;x=y']) expect(isJsonContentType(type)).toBe(true);
  for (const type of [undefined, '', 'text/plain', 'application/jsonx', 'application/graphql-response+json']) expect(isJsonContentType(type)).toBe(false);
});
