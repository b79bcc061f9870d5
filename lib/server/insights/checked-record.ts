import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

/**
 * A JSON object whose keys are checked by `key` and values by `value`. Unlike `t.record`, which
 * silently drops a key its domain refuses, a bad key is reported at its path; a `__proto__` key
 * is kept as an ordinary property.
 *
 * @param key the codec of the keys (e.g. a length-limited string)
 * @param value the codec of the values
 * @param name what a report says was expected
 */
export function checkedRecord<V extends t.Mixed>(
  key: t.Type<string, string, unknown>,
  value: V,
  name: string,
): t.Type<Record<string, t.TypeOf<V>>, Record<string, t.OutputOf<V>>, unknown> {
  const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);
  return new t.Type<Record<string, t.TypeOf<V>>, Record<string, t.OutputOf<V>>, unknown>(
    name,
    (u): u is Record<string, t.TypeOf<V>> => isObject(u) && Object.entries(u).every(([k, v]) => key.is(k) && value.is(v)),
    (u, c) => {
      if (!isObject(u)) return t.failure(u, c);
      const out: Record<string, t.TypeOf<V>> = {};
      const errors: t.ValidationError[] = [];
      for (const [k, v] of Object.entries(u)) {
        const checkedKey = key.validate(k, t.appendContext(c, k, key, k));
        if (E.isLeft(checkedKey)) {
          errors.push(...checkedKey.left);
          continue;
        }
        const checkedValue = value.validate(v, t.appendContext(c, k, value, v));
        if (E.isLeft(checkedValue)) errors.push(...checkedValue.left);
        else Object.defineProperty(out, k, { value: checkedValue.right, enumerable: true, writable: true, configurable: true });
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out);
    },
    (a) => {
      const out: Record<string, t.OutputOf<V>> = {};
      for (const [k, v] of Object.entries(a)) Object.defineProperty(out, k, { value: value.encode(v), enumerable: true, writable: true, configurable: true });
      return out;
    },
  );
}
