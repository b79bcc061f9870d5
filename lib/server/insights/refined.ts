import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

/**
 * A codec accepting the values of `base` for which `ok` holds. Reports name it `name`, so the
 * name should say what is expected (e.g. `non-negative integer`).
 *
 * @param base the codec of the underlying type (`t.string`, `t.number`)
 * @param ok the extra condition
 * @param name what a report says was expected
 */
export function refined<A>(base: t.Type<A, A, unknown>, ok: (a: A) => boolean, name: string): t.Type<A, A, unknown> {
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => base.is(u) && ok(u),
    (u, c) => {
      const result = base.validate(u, c);
      return E.isRight(result) && !ok(result.right) ? t.failure(u, c) : result;
    },
    t.identity,
  );
}
