import type { AttributeRef } from './attribute-ref';
import { escapeKeyForCanonical, USER_KIND } from './context-kind';
import type { EvaluationContext } from './evaluation-context';
import type { IndividualContext } from './individual-context';
import type { SingleKindContext } from './single-kind-context';


/**
 * A validated multi-kind context (`{ kind: 'multi', user: {…}, org: {…} }`) with two or more
 * kinds (a multi-kind context with one kind is parsed as that single-kind context). Each member is
 * a {@link SingleKindContext} wrapping the application's nested object. Create it with
 * `parseContext`.
 */
export class MultiKindContext implements EvaluationContext {
  readonly valid = true as const;
  readonly isMulti = true;
  readonly legacy = false;
  private canonical: string | undefined = undefined;

  /** @internal use `parseContext` */
  constructor(
    /** The application's object (not copied). */
    readonly raw: Readonly<Record<string, unknown>>,
    /** The kinds, in the order of the object's keys. */
    readonly kinds: readonly string[],
    /** One part per kind, in the same order as `kinds`. */
    private readonly members: readonly SingleKindContext[],
  ) {}

  get canonicalKey(): string {
    if (this.canonical === undefined) {
      const members = [...this.members].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
      this.canonical = members.map((m) => `${m.kind}:${escapeKeyForCanonical(m.key)}`).join(':');
    }
    return this.canonical;
  }

  individual(kind: string): IndividualContext | undefined {
    // A linear search: contexts have a handful of kinds, where this beats a Map.
    const members = this.members;
    for (let i = 0; i < members.length; i++) if (members[i].kind === kind) return members[i];
    return undefined;
  }

  individuals(): readonly IndividualContext[] {
    return this.members;
  }

  getValue(ref: AttributeRef, kind: string = USER_KIND): unknown {
    if (ref.isKind) return this.kinds;
    const member = this.individual(kind);
    return member === undefined ? undefined : member.get(ref);
  }

  /** The context in LaunchDarkly's JSON form (the application's object). */
  toJSON(): unknown {
    return this.raw;
  }
}
