import type { Observable } from 'rxjs';
import type { ContextInput } from '../context/context-input';
import type { EvaluationDetail } from '../evaluation/evaluation-reason';
import type { FlagDefault, FlagKey, FlagKeyOf, FlagValue } from './flag-types';

/** The client methods a {@link BoundUser} needs. */
interface Evaluates {
  variation<T, K extends FlagKey>(key: K, context: ContextInput, defaultValue: T & FlagDefault<K>): FlagValue<K, T>;
  variationDetail<T, K extends FlagKey>(key: K, context: ContextInput, defaultValue: T & FlagDefault<K>): EvaluationDetail<FlagValue<K, T>>;
  boolVariation(key: FlagKeyOf<boolean>, context: ContextInput, defaultValue: boolean): boolean;
  variation$<T, K extends FlagKey>(key: K, context: ContextInput, defaultValue: T & FlagDefault<K>): Observable<FlagValue<K, T>>;
}

/**
 * A context bound to a client, as Leanbase's `leanbase.user(attrs).can_access(key)`: keep one
 * per request or per worker and ask it about flags. Nothing is evaluated until a method is
 * called, and every call sees the client's current data. Values are typed as the client's are.
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
    readonly context: ContextInput,
  ) {}

  /** True only when the flag serves the boolean `true` for this context; false on any error. */
  canAccess(key: FlagKeyOf<boolean>): boolean {
    return this.client.boolVariation(key, this.context, false) === true;
  }

  /** The flag's value for this context; `defaultValue` on any error. */
  variation<T = unknown, K extends FlagKey = FlagKey>(key: K, defaultValue: T & FlagDefault<K>): FlagValue<K, T> {
    return this.client.variation(key, this.context, defaultValue);
  }

  /** The flag's value, variation index and reason for this context. */
  variationDetail<T = unknown, K extends FlagKey = FlagKey>(key: K, defaultValue: T & FlagDefault<K>): EvaluationDetail<FlagValue<K, T>> {
    return this.client.variationDetail(key, this.context, defaultValue);
  }

  /** The flag's value for this context now and after each change (see `client.variation$`). */
  variation$<T = unknown, K extends FlagKey = FlagKey>(key: K, defaultValue: T & FlagDefault<K>): Observable<FlagValue<K, T>> {
    return this.client.variation$(key, this.context, defaultValue);
  }
}
