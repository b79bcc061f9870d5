import { type AttributeRef, readPath } from './attribute-ref';
import { USER_KIND } from './context-kind';
import type { EvaluationContext } from './evaluation-context';
import type { IndividualContext } from './individual-context';
import { parsePrivateAttributes } from './private-attributes';

const isEnumerableOwn = Object.prototype.propertyIsEnumerable;

/**
 * The built-in attributes of a legacy user that appear at the top level of its context form.
 * Any other top-level property of a legacy user is ignored; custom attributes come from `custom`.
 */
export const LEGACY_BUILT_IN_ATTRIBUTES: readonly string[] = Object.freeze([
  'name',
  'ip',
  'firstName',
  'lastName',
  'email',
  'avatar',
  'country',
]);

const BUILT_IN = new Set(LEGACY_BUILT_IN_ATTRIBUTES);

/**
 * A legacy (pre-contexts) user object `{ key, name, email, …, custom: {…},
 * privateAttributeNames: […] }`, seen as a `user` context (LaunchDarkly's legacy mapping,
 * docs/evaluation.md, "Contexts"): the key is converted with `String()` (and may be `""`), `custom` attributes
 * move to the top level, the built-in attributes that are set override them, `anonymous` becomes a
 * boolean when set. The mapping is applied lazily per attribute read, so parsing copies nothing.
 */
export class LegacyUserContext implements EvaluationContext, IndividualContext {
  readonly valid = true as const;
  readonly isMulti = false;
  readonly legacy = true;
  readonly kind = USER_KIND;
  private privateRefs: readonly AttributeRef[] | undefined = undefined;
  private asObject: Readonly<Record<string, unknown>> | undefined = undefined;

  /** @internal use `parseContext` */
  constructor(
    /** The application's user object (not copied). */
    readonly raw: Readonly<Record<string, unknown>>,
    readonly key: string,
  ) {}

  get kinds(): readonly string[] {
    return USER_KINDS;
  }

  get canonicalKey(): string {
    return this.key;
  }

  get anonymous(): boolean {
    return this.topLevel('anonymous') === true;
  }

  get privateAttributes(): readonly AttributeRef[] {
    return (this.privateRefs ??= parsePrivateAttributes(this.raw.privateAttributeNames, true));
  }

  individual(kind: string): IndividualContext | undefined {
    return kind === USER_KIND ? this : undefined;
  }

  individuals(): readonly IndividualContext[] {
    return [this];
  }

  getValue(ref: AttributeRef, kind: string = USER_KIND): unknown {
    if (ref.isKind) return USER_KINDS;
    return kind === USER_KIND ? this.get(ref) : undefined;
  }

  get(ref: AttributeRef): unknown {
    if (ref.depth === 0) return undefined;
    const value = this.topLevel(ref.first);
    if (ref.isAnonymous) return !!value;
    return ref.depth === 1 ? value : readPath(value, ref, 1);
  }

  attributeNames(): readonly string[] {
    return Object.keys(this.toObject());
  }

  toObject(): Readonly<Record<string, unknown>> {
    return (this.asObject ??= this.convert());
  }

  /** The user in context form (`{ kind: 'user', key, … }`), converted once. */
  toJSON(): unknown {
    return this.toObject();
  }

  /** The value of top-level attribute `name` in the context form of this user. */
  private topLevel(name: string): unknown {
    const raw = this.raw;
    if (name === 'kind') return USER_KIND;
    if (name === 'key') return this.key;
    if (name === 'anonymous') {
      if (raw.anonymous !== null && raw.anonymous !== undefined) return !!raw.anonymous;
    } else if (name === '_meta') {
      if (raw.privateAttributeNames !== null && raw.privateAttributeNames !== undefined) {
        return { privateAttributes: raw.privateAttributeNames };
      }
    } else if (BUILT_IN.has(name)) {
      const value = raw[name];
      if (value !== null && value !== undefined) return value;
    }
    // Custom attributes are the own enumerable properties of `custom` (as an object spread sees
    // them: a string's characters count too).
    const custom = raw.custom;
    if (custom !== null && custom !== undefined && isEnumerableOwn.call(custom, name)) {
      return (custom as Record<string, unknown>)[name];
    }
    return undefined;
  }

  /** Builds the context form with the same property order as the Node SDK's conversion. */
  private convert(): Record<string, unknown> {
    const raw = this.raw;
    const custom = raw.custom;
    const out: Record<string, unknown> = { ...(custom ? (custom as object) : {}), kind: USER_KIND, key: this.key };
    if (raw.anonymous !== null && raw.anonymous !== undefined) {
      delete out.anonymous;
      out.anonymous = !!raw.anonymous;
    }
    for (const name of LEGACY_BUILT_IN_ATTRIBUTES) {
      const value = raw[name];
      if (value !== null && value !== undefined) out[name] = value;
    }
    if (raw.privateAttributeNames !== null && raw.privateAttributeNames !== undefined) {
      out._meta = { privateAttributes: raw.privateAttributeNames };
    }
    return out;
  }
}

const USER_KINDS: readonly string[] = Object.freeze([USER_KIND]);
