import { type AttributeRef, readPath } from './attribute-ref';
import { escapeKeyForCanonical, USER_KIND } from './context-kind';
import type { EvaluationContext } from './evaluation-context';
import type { IndividualContext } from './individual-context';
import { parsePrivateAttributes } from './private-attributes';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A validated single-kind context (`{ kind, key, …attributes }`), or one member of a multi-kind
 * context. It wraps the application's object without copying it; attributes are read on demand.
 * Create it with `parseContext`.
 */
export class SingleKindContext implements EvaluationContext, IndividualContext {
  readonly valid = true as const;
  readonly isMulti = false;
  readonly legacy = false;
  private canonical: string | undefined = undefined;
  private kindList: readonly string[] | undefined = undefined;
  private privateRefs: readonly AttributeRef[] | undefined = undefined;
  private asObject: Readonly<Record<string, unknown>> | undefined = undefined;
  /**
   * True when `raw` is a plain object (prototype `Object.prototype` or none): then an inherited
   * property can only be a function or `__proto__`, so one property read tells an own attribute
   * apart without a second `hasOwnProperty` lookup.
   */
  private readonly plain: boolean;

  /** @internal use `parseContext` */
  constructor(
    /** The application's attribute object (not copied). */
    readonly raw: Readonly<Record<string, unknown>>,
    readonly kind: string,
    readonly key: string,
    /**
     * True when `raw` came from a multi-kind context with this one kind: `raw` has no `kind` of
     * its own, so the kind is supplied here (as the Node SDK's copy `{ ...raw, kind }` would).
     */
    private readonly kindSupplied: boolean,
  ) {
    const prototype = Object.getPrototypeOf(raw) as unknown;
    this.plain = prototype === Object.prototype || prototype === null;
  }

  get kinds(): readonly string[] {
    return (this.kindList ??= Object.freeze([this.kind]));
  }

  get canonicalKey(): string {
    return (this.canonical ??= this.kind === USER_KIND ? this.key : `${this.kind}:${escapeKeyForCanonical(this.key)}`);
  }

  get anonymous(): boolean {
    return this.raw.anonymous === true;
  }

  get privateAttributes(): readonly AttributeRef[] {
    if (this.privateRefs === undefined) {
      const meta = this.raw._meta as { privateAttributes?: unknown } | null | undefined;
      this.privateRefs = parsePrivateAttributes(meta?.privateAttributes, false);
    }
    return this.privateRefs;
  }

  individual(kind: string): IndividualContext | undefined {
    return kind === this.kind ? this : undefined;
  }

  individuals(): readonly IndividualContext[] {
    return [this];
  }

  getValue(ref: AttributeRef, kind: string = USER_KIND): unknown {
    if (ref.isKind) return this.kinds;
    return kind === this.kind ? this.get(ref) : undefined;
  }

  get(ref: AttributeRef): unknown {
    const raw = this.raw;
    if (ref.depth === 1) {
      if (ref.isAnonymous) return !!raw.anonymous;
      const name = ref.first;
      if (name === 'kind') return this.kind;
      if (this.plain) {
        const value = raw[name];
        if (value === undefined || (typeof value !== 'function' && name !== '__proto__')) return value;
      }
      return hasOwn.call(raw, name) ? raw[name] : undefined;
    }
    if (ref.depth === 0 || (this.kindSupplied && ref.first === 'kind')) return undefined;
    return readPath(raw, ref);
  }

  attributeNames(): readonly string[] {
    return Object.keys(this.toObject());
  }

  toObject(): Readonly<Record<string, unknown>> {
    return (this.asObject ??= this.kindSupplied ? { ...this.raw, kind: this.kind } : this.raw);
  }

  /** The context in LaunchDarkly's JSON form (the application's object, or a copy with `kind`). */
  toJSON(): unknown {
    return this.toObject();
  }
}
