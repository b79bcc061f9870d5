/**
 * Value pools shared by the generated contexts and the generated clauses. Clause values are drawn
 * from the same pools as context attributes, so that clauses actually match often, and every pool
 * also holds the awkward members (lenient semvers, invalid dates, wrong types, nulls).
 */

/** Context kinds used in data and contexts (`user` is the default kind). */
export const KINDS = ['user', 'org', 'device'] as const;

/** Context keys per kind; small, so that targets, segments and prerequisites hit often. */
export const KEYS: Readonly<Record<string, readonly string[]>> = {
  user: ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'user:colon', 'Ü-ñ'],
  org: ['o0', 'o1', 'o2', 'u1'],
  device: ['d0', 'd1', 'd2'],
};

/** Keys that pad a segment's target list past LaunchDarkly's 100-entry array/set cut-off. */
export function paddingKeys(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `pad-${i}`);
}

const NAMES = ['Ann', 'Bob', 'Cy', 'ann', '', 'Zoë', 'a/b', 'Ann Lee', 'AnnBob', '\u{1F600}', 'a1b2c3d4', 'uu'];
const EMAILS = ['ann@example.com', 'bob@corp.example.com', 'cy@acme.io', 'qa1@gmail.com', 'ops@yahoo.com', 'ANN@EXAMPLE.COM', '1.2.3', 'ann.lee@corp.example.com', 'x@y'];
const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'JP'];
/** Numbers, including a non-integer (never hashed: bucket 0), -0 and a huge one. */
export const NUMBERS = [0, -1, 1, 17, 18, 18.5, 21, 65, 100, 1e21, -0];
/** SemVer strings: strict, lenient (`1.2`, `2`, `2-rc`), with build metadata, and rejected forms. */
export const SEMVERS = [
  '1.0.0', '1.2.3', '1.2', '2', '2.0.0', '2.0.0-rc.1', '2.0.0-rc.2', '2.0.0-rc.10', '2.0.0-rc.2.green',
  '2.0.0-rc.2.red', '2.0.0+build.5', '2-rc', '1.10.0', '1.2.3-beta', 'v1.2.3', '01.2.3', '1.2.3.4', '', 'x',
  ' 1.2.3', '1.2.3 ', '1.2.3-rc.01', '1.2.3-alpha..1', '2.0-rc.1', '1.2+meta', '99999999999999999999.0.0',
];
/** Dates as Unix milliseconds and as RFC 3339 strings in several zones, plus invalid forms. */
export const DATES: readonly unknown[] = [
  0, 1512543600000, 1512543600000.5, 1577836800000, -1000,
  '2017-12-06T00:00:00.000-07:00', '2017-12-06T07:00:00Z', '2017-12-06T07:00:00.000000001Z',
  '2020-01-01T00:00:00+01:00', '2020-01-01T00:00:00-07', '2019-12-31T23:00:00Z',
  '2017-12-06', '1512543600000', '', '2017-12-06T07:00:00Zjunk', '2017-12-06t07:00:00z', '2017-13-45T99:00:00Z',
];
/**
 * Regular expressions for `matches`: cheap ones, one invalid, and the risky shapes real flags use
 * (nested quantifiers, alternation inside repeated groups, `.*` chains, lookaheads, Annex B
 * escapes, code-unit semantics). All must agree with LaunchDarkly; on these short values the
 * Node SDK's backtracking finishes.
 */
export const REGEXES = [
  '^A', 'n$', '^[A-Z]{2}$', '@example\\.com$', '.*', '[0-9]+', 'a|b', '(', '^$', '^ann', 'ANN', '\\d', '^u[0-3]$', '\\p{L}', '^\\w+$', '[',
  '^(\\d+\\.)+\\d+$', '(foo|bar)+', '^(Ann|Bob)+$', '^\\w+.*\\w+.*\\w+.*@corp\\.example\\.com$', '^a*a*a*a*n*n*$', '(a+)+$',
  '^(\\w+\\s?)*$', '.*@.*\\..*', '^[a-z]+[0-9]*@', '@(gmail|yahoo)\\.com$', '^(?=.*\\d)(?=.*[a-z]).{6,}$', '^(?!ann)\\w+',
  '\\bAnn\\b', '^.$', '^..$', '[^\\x00-\\x7f]', '\\s', '^\\u0041', '(?:x|)+Ann', '\\1', '[\\d-z]+', '^[^]*$', '[]', 'e{2,}',
  '^(?:[a-z0-9._%+-]+)@(?:[a-z0-9-]+\\.)+[a-z]{2,}$', '^([0-9]+)\\.([0-9]+)', '\\u{2}', '^\\x41', '(.*,)*x',
];
const TAGS: readonly unknown[] = [['a', 'b'], [], ['US', 'x'], [1, 'a'], [['a']], ['Ann'], ['u1']];
/** Numbers only a context can hold (JSON has no NaN or Infinity): never used as clause values. */
const SCORES: readonly unknown[] = [5, NaN, Infinity, -Infinity, 1e300, 5.0000001];
const MIXED: readonly unknown[] = [1, '1', true, 'true', 'false', false, 0, '', { a: 1 }, [1, 2], 'Ann', 18];
const NESTED: readonly unknown[] = [
  { a: { b: 'x' }, 'x/y': 'slash', 'm~n': 'tilde', '2': 'two', arr: ['p', 'q'] },
  { a: { b: 'y' }, 'x/y': 'other', 'm~n': 3 },
  { a: 'flat', '2': 2 },
  { a: { b: ['x', 'z'] } },
];

/** A context attribute: its name and the values it takes. */
export interface AttributePool {
  readonly name: string;
  readonly values: readonly unknown[];
}

/**
 * Attributes a generated context may carry (besides `key`, `kind` and `anonymous`). `/slash` and
 * `~1slash` are literal names: they tell a literal reference from a slash-path reference apart.
 */
export const ATTRIBUTES: readonly AttributePool[] = [
  { name: 'name', values: NAMES },
  { name: 'email', values: EMAILS },
  { name: 'country', values: COUNTRIES },
  { name: 'age', values: NUMBERS },
  { name: 'version', values: SEMVERS },
  { name: 'signup', values: DATES },
  { name: 'tags', values: TAGS },
  { name: 'beta', values: [true, false] },
  { name: 'mixed', values: MIXED },
  { name: 'score', values: SCORES },
  { name: '0', values: NAMES },
  { name: 'nested', values: NESTED },
  { name: '/slash', values: NAMES },
  { name: '~1slash', values: NAMES },
  { name: 'a/b', values: COUNTRIES },
  { name: 'a~b', values: COUNTRIES },
];

/** Values of the `anonymous` attribute, including non-booleans. */
export const ANONYMOUS_VALUES: readonly unknown[] = [true, false, 'yes', 0, null];

/** The pool of a named attribute (`key` included), or the mixed pool for anything else. */
export function poolOf(name: string): readonly unknown[] {
  if (name === 'key') return [...KEYS.user, ...KEYS.org, ...KEYS.device];
  if (name === 'anonymous') return ANONYMOUS_VALUES;
  if (name === 'kind') return [...KINDS, 'multi', 'u'];
  return ATTRIBUTES.find((a) => a.name === name)?.values ?? MIXED;
}

/**
 * How clauses name attributes. With a clause `contextKind` the string is an attribute reference;
 * `target` is the attribute whose pool the clause values come from.
 */
export interface AttributeName {
  readonly attribute: string;
  readonly target: string;
}

/** Attribute references (clause has `contextKind`), valid ones and the invalid ones LaunchDarkly rejects. */
export const REFERENCES: readonly AttributeName[] = [
  ...['key', 'name', 'email', 'country', 'age', 'version', 'signup', 'tags', 'beta', 'mixed', 'anonymous', 'kind', 'score'].map(
    (n) => ({ attribute: n, target: n }),
  ),
  { attribute: '/name', target: 'name' },
  { attribute: '/kind', target: 'kind' },
  { attribute: '/key', target: 'key' },
  { attribute: '/a~1b', target: 'a/b' },
  { attribute: '/a~0b', target: 'a~b' },
  { attribute: '/~1slash', target: '/slash' },
  { attribute: '/nested/a/b', target: 'name' },
  { attribute: '/nested/x~1y', target: 'name' },
  { attribute: '/nested/m~0n', target: 'mixed' },
  { attribute: '/nested/2', target: 'mixed' },
  { attribute: '/nested/arr/0', target: 'name' },
  { attribute: '/nested/a', target: 'name' },
  { attribute: '/tags/0', target: 'tags' },
  { attribute: '/_meta', target: 'mixed' },
  { attribute: '/name/', target: 'name' },
  { attribute: '/a~|b', target: 'name' },
  { attribute: 'nope', target: 'name' },
];

/** Syntactically invalid references (and the empty attribute): MALFORMED_FLAG when evaluated. */
export const BAD_REFERENCES: readonly string[] = ['', '/', '///', '/a~b', '/a~', '//name', '/a~2'];

/** Literal attribute names (clause without `contextKind`: pre-context data). */
export const LITERALS: readonly AttributeName[] = [
  ...['key', 'name', 'email', 'country', 'age', 'version', 'signup', 'tags', 'kind', 'anonymous', 'score', '0'].map(
    (n) => ({ attribute: n, target: n }),
  ),
  { attribute: '/slash', target: '/slash' },
  { attribute: 'a/b', target: 'a/b' },
  { attribute: 'a~b', target: 'a~b' },
  { attribute: '/name', target: 'name' },
  { attribute: 'nested', target: 'nested' },
];

/** Attributes usable for `bucketBy`: strings, integers, non-integers, booleans, refs, bad refs. */
export const BUCKET_BY: readonly string[] = [
  'key', 'key', 'name', 'age', 'email', 'beta', 'mixed', '/nested/a/b', '/slash', 'a/b', 'nope', 'key', 'name', '///', '/a~b', '',
];
