/**
 * Typed flags: the flag keys and value types of an environment, declared by augmenting
 * {@link Flags}. `flagstream-server types` writes such a declaration (see README, "Typed flags"):
 *
 * ```ts
 * declare module 'flagstream' {
 *   interface Flags { 'new-checkout': boolean; 'banner-text': string }
 * }
 * ```
 *
 * Once included, `client.variation('new-checkout', ctx, false)` is `boolean`, its default must
 * be a boolean, and a key that is not declared is a compile error. While `Flags` is empty (the
 * default), any string key is accepted and the value's type follows the default value.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Flags {}

/** A literal type widened to its primitive (`false` → `boolean`, `'a'` → `string`); `null`/`undefined` → `unknown`. */
export type Widen<T> = [T] extends [null | undefined]
  ? unknown
  : T extends boolean
    ? boolean
    : T extends number
      ? number
      : T extends string
        ? string
        : T extends bigint
          ? bigint
          : T;

/** The flag keys the client accepts: any string, or the keys of {@link Flags} once declared. */
export type FlagKey = [keyof Flags] extends [never] ? string : Extract<keyof Flags, string>;

/** What a default value for `K` must be: anything, or the declared type of flag `K`. */
export type FlagDefault<K extends string> = K extends keyof Flags ? Flags[K] : unknown;

/** The type of flag `K`'s value given a default of type `T`: the declared type, else `T` widened. */
export type FlagValue<K extends string, T> = string extends K ? Widen<T> : K extends keyof Flags ? Flags[K] : Widen<T>;

/** Declared flag keys whose value is of type `V` (any string while {@link Flags} is empty). */
export type FlagKeyOf<V> = [keyof Flags] extends [never]
  ? string
  : { [K in keyof Flags]: Flags[K] extends V ? K : never }[keyof Flags] & string;
