import * as t from 'io-ts';
import { JsonValue, orNull } from './optional';

/**
 * One condition of a rule: `attribute op values`, optionally negated.
 * `op` is kept as any string: an unknown operator is a non-match, not a decode error.
 * `attribute` is an attribute reference (slash syntax) only when `contextKind` is present,
 * otherwise a literal attribute name.
 */
export const Clause = t.intersection(
  [
    t.type({ op: t.string }),
    t.partial({
      contextKind: orNull(t.string),
      attribute: orNull(t.string),
      values: orNull(t.array(JsonValue)),
      negate: orNull(t.boolean),
    }),
  ],
  'Clause',
);
export type Clause = t.TypeOf<typeof Clause>;
