import type { Observable } from 'rxjs';
import type { EvaluationDetail } from '../evaluation/evaluation-reason';

/** The client methods a {@link BoundUser} needs. */
interface Evaluates {
  variation<T>(key: string, context: unknown, defaultValue: T): T;
  variationDetail<T>(key: string, context: unknown, defaultValue: T): EvaluationDetail<T>;
  boolVariation(key: string, context: unknown, defaultValue: boolean): boolean;
  variation$<T>(key: string, context: unknown, defaultValue: T): Observable<T>;
}

/**
 * A context bound to a client, as Leanbase's `leanbase.user(attrs).can_access(key)`: keep one
 * per request or per worker and ask it about flags. Nothing is evaluated until a method is
 * called, and every call sees the client's current data.
 *
 * ## Example
 * ```ts
 * const alice = client.user({ kind: 'user', key: 'alice' });
 * if (alice.canAccess('new-checkout')) { … }
 * ```
 */
export class BoundUser {
  constructor(
    private readonly client: Evaluates,
    /** The context every method evaluates for. */
    readonly context: unknown,
  ) {}

  /** True only when the flag serves the boolean `true` for this context; false on any error. */
  canAccess(key: string): boolean {
    return this.client.boolVariation(key, this.context, false) === true;
  }

  /** The flag's value for this context; `defaultValue` on any error. */
  variation<T>(key: string, defaultValue: T): T {
    return this.client.variation(key, this.context, defaultValue);
  }

  /** The flag's value, variation index and reason for this context. */
  variationDetail<T>(key: string, defaultValue: T): EvaluationDetail<T> {
    return this.client.variationDetail(key, this.context, defaultValue);
  }

  /** The flag's value for this context now and after each change (see `client.variation$`). */
  variation$<T>(key: string, defaultValue: T): Observable<T> {
    return this.client.variation$(key, this.context, defaultValue);
  }
}
