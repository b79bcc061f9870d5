import * as t from 'io-ts';

/**
 * A speed measure, fenced in this file: io-ts's own validation builds a context array per
 * property visited (absent optional ones included) and its `is` allocates closures for unions,
 * intersections and arrays on every call. A stream frame of a large data set is validated once
 * per frame, so the SDK first runs a type guard compiled once per codec from the codec's own
 * structure, which allocates nothing, and falls back to io-ts's `decode` (for its path-naming
 * issues) only when the guard fails (`decodeValid` in stream-message.ts).
 *
 * The guard is equivalent to validation only for combinators that check without transforming
 * (`type`, `partial`, `intersection`, `union`, `array`, `record`, `literal`, primitives,
 * `unknown`): for them validation succeeds exactly when the guard holds, and then returns its
 * input itself. spec/model/stream-message.spec.ts checks that the stream codecs use no other.
 */

/** A compiled type guard. */
export type Guard = (u: unknown) => boolean;

const hasOwn = Object.prototype.hasOwnProperty;
const guards = new WeakMap<t.Mixed, Guard>();

/**
 * The type guard of an io-ts codec, compiled on first use and kept (per codec object).
 *
 * @param codec any io-ts codec; combinators not listed in `buildGuard` use the codec's own `is`
 */
export function codecGuard(codec: t.Mixed): Guard {
  let guard = guards.get(codec);
  if (guard === undefined) {
    guard = buildGuard(codec);
    guards.set(codec, guard);
  }
  return guard;
}

/** io-ts combinators, as far as {@link buildGuard} reads them. */
type Combinator = t.Mixed & {
  readonly _tag?: string;
  readonly props?: Readonly<Record<string, t.Mixed>>;
  readonly types?: readonly t.Mixed[];
  readonly type?: t.Mixed;
  readonly domain?: t.Mixed;
  readonly codomain?: t.Mixed;
  readonly value?: unknown;
};

/**
 * The type guard of an io-ts codec, built from the codec's own structure: what io-ts's `is`
 * checks, without the closures io-ts allocates on every call for unions, intersections and
 * arrays. Array elements are all checked, holes as `undefined` (as validation does; io-ts's `is`
 * skips holes, which JSON never has). A combinator not listed here uses io-ts's own `is`.
 */
function buildGuard(codec: t.Mixed): Guard {
  const node = codec as Combinator;
  switch (node._tag) {
    case 'InterfaceType':
    case 'PartialType': {
      const props = node.props ?? {};
      const keys = Object.keys(props);
      const checks = keys.map((key) => codecGuard(props[key]));
      const required = node._tag === 'InterfaceType';
      return (u) => {
        if (!t.UnknownRecord.is(u)) return false;
        for (let i = 0; i < keys.length; i++) {
          const value = u[keys[i]];
          if (value === undefined) {
            if (!required) continue;
            if (!hasOwn.call(u, keys[i])) return false;
          }
          if (!checks[i](value)) return false;
        }
        return true;
      };
    }
    case 'IntersectionType': {
      const checks = (node.types ?? []).map(codecGuard);
      return (u) => {
        for (let i = 0; i < checks.length; i++) if (!checks[i](u)) return false;
        return true;
      };
    }
    case 'UnionType': {
      const checks = (node.types ?? []).map(codecGuard);
      return (u) => {
        for (let i = 0; i < checks.length; i++) if (checks[i](u)) return true;
        return false;
      };
    }
    case 'ArrayType': {
      const item = codecGuard(node.type!);
      return (u) => {
        if (!Array.isArray(u)) return false;
        for (let i = 0; i < u.length; i++) if (!item(u[i])) return false;
        return true;
      };
    }
    case 'DictionaryType': {
      const domain = codecGuard(node.domain!);
      const codomain = codecGuard(node.codomain!);
      return (u) => {
        if (!t.UnknownRecord.is(u)) return false;
        for (const key in u) {
          if (hasOwn.call(u, key) && domain(key) && !codomain(u[key])) return false;
        }
        return true;
      };
    }
    case 'LiteralType': {
      const value = node.value;
      return (u) => u === value;
    }
    case 'StringType':
      return (u) => typeof u === 'string';
    case 'NumberType':
      return (u) => typeof u === 'number';
    case 'BooleanType':
      return (u) => typeof u === 'boolean';
    case 'NullType':
      return (u) => u === null;
    case 'UnknownType':
      return () => true;
    default:
      return (u) => codec.is(u);
  }
}
