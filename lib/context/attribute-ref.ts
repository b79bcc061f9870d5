const hasOwn = Object.prototype.hasOwnProperty;
const SLASH = 0x2f;
const TILDE = 0x7e;
const ALLOWED_AFTER_TILDE = new Set(['0', '1', '|', '^']);

/**
 * A parsed attribute reference: which (possibly nested) attribute of a context a clause, a
 * rollout's `bucketBy` or a private-attribute entry names (docs/evaluation.md, "Attribute references").
 *
 * Two spellings exist:
 * - a **path** (`/address/city`): a leading `/`, components separated by `/`, with `~1` standing
 *   for `/` and `~0` for `~` inside a component;
 * - a **literal** name (`address`, or even `/weird name` in pre-contexts data): one top-level
 *   attribute, taken as is.
 *
 * Parse once ({@link parseAttributeRef} / {@link attributeRefFromLiteral}), then use many times.
 * Validity follows the LaunchDarkly Node SDK exactly, quirks included, so that a flag is
 * malformed for us exactly when it is malformed for it:
 * - `""`, `"/"`, any `//` and a trailing `~` are invalid;
 * - in a path, `~` followed by anything but `0`, `1` (or, as in the Node SDK, `|` or `^`) is
 *   invalid;
 * - a path whose first component is `_meta` is invalid (context metadata is not addressable);
 * - a component that *starts* with `~` is kept unescaped (Node SDK behaviour).
 *
 * @example
 * parseAttributeRef('/address/city').components;   // ['address', 'city']
 * parseAttributeRef('/a~1b').components;           // ['a/b']
 * parseAttributeRef('/a~2').error;                 // "attribute reference '/a~2' has an invalid escape…"
 * attributeRefFromLiteral('/a').redactionName;     // '/~1a'
 */
export class AttributeRef {
  /** The components of the path; a literal has exactly one. Empty when invalid. */
  readonly components: readonly string[];
  /** Number of components (0 when invalid). */
  readonly depth: number;
  /** The first component (`''` when invalid); the whole lookup for a top-level attribute. */
  readonly first: string;
  /** True when this names the context kind (`kind` or `/kind`): it reads the context's kinds. */
  readonly isKind: boolean;
  /** True when this names the top-level `anonymous` attribute (read as a boolean, default false). */
  readonly isAnonymous: boolean;
  /** The name used for this attribute in `_meta.redactedAttributes` of analytics events. */
  readonly redactionName: string;

  /** Use {@link parseAttributeRef} or {@link attributeRefFromLiteral}. */
  constructor(
    /** The text this was parsed from. */
    readonly raw: string,
    /** True when `raw` was taken as a literal attribute name rather than a path. */
    readonly literal: boolean,
    components: readonly string[],
    /** Why the reference is invalid; `undefined` when it is valid. */
    readonly error: string | undefined,
  ) {
    this.components = error === undefined ? components : [];
    this.depth = this.components.length;
    this.first = this.depth > 0 ? this.components[0] : '';
    this.isKind = this.depth === 1 && this.first === 'kind';
    this.isAnonymous = this.depth === 1 && this.first === 'anonymous';
    this.redactionName = literal && raw.startsWith('/') ? toPathString(raw) : raw;
  }

  /** True when the reference can be used; when false, {@link error} says why. */
  get valid(): boolean {
    return this.error === undefined;
  }

  /** The reference in path syntax (`/a/b~1c`). */
  toString(): string {
    return this.literal ? this.redactionName : this.raw;
  }
}

/**
 * Parses `ref` in path syntax (a leading `/` starts a path; without it the whole string is one
 * attribute name). Never throws: an invalid reference has `valid === false` and an `error`.
 *
 * @param ref the reference text, e.g. `/address/city` or `email`
 */
export function parseAttributeRef(ref: string): AttributeRef {
  const error = pathError(ref);
  if (error !== undefined) return new AttributeRef(ref, false, [], error);
  let components: string[];
  if (ref.charCodeAt(0) !== SLASH) {
    components = [ref];
  } else {
    components = ref.slice(1).split('/');
    for (let i = 0; i < components.length; i++) components[i] = unescapeComponent(components[i]);
  }
  if (components[0] === '_meta') {
    return new AttributeRef(ref, false, [], `attribute reference '${ref}' addresses '_meta', which is not addressable`);
  }
  return new AttributeRef(ref, false, components, undefined);
}

/**
 * A reference to the top-level attribute literally named `name` (pre-contexts data, legacy
 * `privateAttributeNames`). Only `""` is invalid.
 *
 * @param name the attribute name, taken as is (may contain `/` and `~`)
 */
export function attributeRefFromLiteral(name: string): AttributeRef {
  if (name === '') return new AttributeRef(name, true, [], 'attribute name must not be empty');
  return new AttributeRef(name, true, [name], undefined);
}

/**
 * Reads the attribute `ref` names from `target`, following path components through nested JSON
 * objects only (never into arrays, never inherited properties). `undefined` when absent.
 *
 * @param target the object to read (a context's attribute object)
 * @param ref a valid reference
 * @param from index of the first component to follow (default 0)
 */
export function readPath(target: unknown, ref: AttributeRef, from = 0): unknown {
  const components = ref.components;
  let current = target;
  for (let i = from; i < components.length; i++) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    const component = components[i];
    if (!hasOwn.call(current, component)) return undefined;
    current = (current as Record<string, unknown>)[component];
  }
  return current;
}

/** Validation rules of the Node SDK's attribute references (see the class comment). */
function pathError(ref: string): string | undefined {
  if (ref === '' || ref === '/') return 'attribute reference must not be empty';
  if (ref.includes('//')) return `attribute reference '${ref}' has an empty path component`;
  if (ref.charCodeAt(ref.length - 1) === TILDE) {
    return `attribute reference '${ref}' ends with '~' (an escape must be ~0 or ~1)`;
  }
  if (ref.charCodeAt(0) === SLASH) {
    // A '~' is checked only up to the first line terminator (a quirk of the Node SDK's check).
    for (let i = 1; i < ref.length - 1; i++) {
      const c = ref.charCodeAt(i);
      if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) break;
      if (c === TILDE && !ALLOWED_AFTER_TILDE.has(ref[i + 1])) {
        return `attribute reference '${ref}' has an invalid escape (~ must be followed by 0 or 1)`;
      }
    }
  }
  return undefined;
}

/** `~1` ⇒ `/`, then `~0` ⇒ `~`; a component starting with `~` is left alone (Node SDK). */
function unescapeComponent(component: string): string {
  if (component.charCodeAt(0) === TILDE) return component;
  if (!component.includes('~')) return component;
  return component.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A literal name in path syntax: `~` ⇒ `~0`, `/` ⇒ `~1`, with a leading `/`. */
function toPathString(name: string): string {
  return `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** `key`, as a path reference (the default `bucketBy`). */
export const KEY_REF: AttributeRef = parseAttributeRef('key');

/** An invalid reference standing for an unset attribute (`""` or missing). */
export const UNSET_REF: AttributeRef = new AttributeRef('', false, [], 'attribute reference must not be empty');
