import { ANONYMOUS_VALUES, ATTRIBUTES, KEYS, KINDS } from './pools';
import type { Random } from './random';

/** What kind of context a generated case passes (for coverage counts). */
export type ContextShape = 'single' | 'multi' | 'legacy' | 'invalid';

/** A generated evaluation context: any JSON-ish value (invalid ones included on purpose). */
export interface GeneratedContext {
  readonly shape: ContextShape;
  readonly context: unknown;
}

/** A random context: single-kind, multi-kind, legacy user, or invalid. */
export function generateContext(r: Random): GeneratedContext {
  return r.weighted<() => GeneratedContext>([
    [40, () => ({ shape: 'single', context: singleContext(r, r.weighted([[6, 'user'], [2, 'org'], [2, 'device']])) })],
    [22, () => ({ shape: 'multi', context: multiContext(r) })],
    [22, () => ({ shape: 'legacy', context: legacyUser(r) })],
    [8, () => ({ shape: 'invalid', context: invalidContext(r) })],
  ])();
}

/** Random attributes drawn from the shared pools (each present with probability 0.6). */
function attributes(r: Random): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  for (const { name, values } of ATTRIBUTES) {
    if (r.chance(0.6)) attrs[name] = r.chance(0.05) ? null : structuredClone(r.pickSkewed(values));
  }
  return attrs;
}

function keyFor(r: Random, kind: string): string {
  return r.pickSkewed(KEYS[kind] ?? KEYS.user);
}

/** A single-kind context `{kind, key, …attributes}`. */
function singleContext(r: Random, kind: string): Record<string, unknown> {
  const context: Record<string, unknown> = { kind, key: keyFor(r, kind), ...attributes(r) };
  if (r.chance(0.2)) context.anonymous = r.pick(ANONYMOUS_VALUES);
  if (r.chance(0.1)) context._meta = { privateAttributes: ['name', '/nested/a'] };
  return context;
}

/** A multi-kind context; sometimes with a single kind (equivalent to a single context). */
function multiContext(r: Random): Record<string, unknown> {
  const kinds = KINDS.filter(() => r.chance(0.6));
  if (kinds.length === 0) kinds.push(r.pick(KINDS));
  const context: Record<string, unknown> = { kind: 'multi' };
  for (const kind of kinds) {
    const { kind: _kind, ...rest } = singleContext(r, kind);
    // A `kind` inside a nested context is just data: the kinds are the multi context's keys.
    if (r.chance(0.05)) rest.kind = r.pick(KINDS);
    context[kind] = rest;
  }
  return context;
}

/** A legacy user object: built-in top-level attributes, `custom`, `privateAttributeNames`. */
function legacyUser(r: Random): Record<string, unknown> {
  const attrs = attributes(r);
  const user: Record<string, unknown> = {
    key: r.weighted<() => unknown>([[8, () => keyFor(r, 'user')], [1, () => ''], [1, () => r.pick([7, 0])]])(),
  };
  for (const builtIn of ['name', 'email', 'country']) {
    if (builtIn in attrs) {
      user[builtIn] = attrs[builtIn];
      delete attrs[builtIn];
    }
  }
  if (r.chance(0.2)) user.firstName = r.pick(['Ann', 'Bob']);
  if (r.chance(0.1)) user.ip = '10.0.0.1';
  if (r.chance(0.2)) user.anonymous = r.pick(ANONYMOUS_VALUES);
  if (r.chance(0.1)) attrs.kind = 'org'; // a custom attribute named `kind` never changes the kind
  if (r.chance(0.1)) attrs.name = 'CustomName'; // shadowed by a top-level `name` when there is one
  if (Object.keys(attrs).length > 0 || r.chance(0.3)) user.custom = attrs;
  // `custom` that is not an object: LaunchDarkly spreads it anyway ('ab' ⇒ {0: 'a', 1: 'b'}).
  if (r.chance(0.03)) user.custom = r.pick<unknown>(['ab', ['x'], 5, null]);
  if (r.chance(0.15)) user.privateAttributeNames = ['email'];
  if (r.chance(0.1)) user.kind = null; // `kind: null` still means a legacy user
  return user;
}

/** Contexts LaunchDarkly rejects with USER_NOT_SPECIFIED. */
function invalidContext(r: Random): unknown {
  return r.pick<() => unknown>([
    () => null,
    () => undefined,
    () => ({}),
    () => ({ name: 'no key' }),
    () => ({ kind: 'user' }),
    () => ({ kind: 'user', key: '' }),
    () => ({ kind: 'user', key: 7 }),
    () => ({ kind: 'kind', key: 'u1' }),
    () => ({ kind: 'bad kind!', key: 'u1' }),
    () => ({ kind: '', key: 'u1' }),
    () => ({ kind: 5, key: 'u1' }),
    () => ({ kind: 'multi' }),
    () => ({ kind: 'multi', user: { key: '' } }),
    () => ({ kind: 'multi', user: 'u1' }),
    () => ({ kind: 'multi', user: { key: 'u1' }, 'bad kind': { key: 'x' } }),
    () => ({ kind: 'multi', user: { key: 'u1' }, org: { name: 'no key' } }),
    () => ({ key: null }),
    () => 'u1',
    () => 42,
    () => [],
  ])();
}
