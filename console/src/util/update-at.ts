/**
 * `list` (missing: empty) with the item at `index` replaced by `change(item)`, or removed when
 * `change` returns `undefined`; the other items are kept as they are.
 */
export function updateAt<T>(list: readonly T[] | null | undefined, index: number, change: (item: T) => T | undefined): T[] {
  return (list ?? []).flatMap((item, i) => {
    if (i !== index) return [item];
    const next = change(item);
    return next === undefined ? [] : [next];
  });
}
