import { buildEnvironments } from '../build-environments';
import type { DataFileDocument } from '../data-file-schema';
import type { Environment } from '../environment';
import { sdkKeyDigest } from '../sdk-key-hash';
import type { StoredEnvironment } from './server-store';

/** What an SDK key selects: its environment, and whether the key is disabled (403). */
export interface SdkKeyTarget {
  readonly environment: Environment;
  readonly disabled: boolean;
}

/**
 * The environments a flag repository holds in memory, by key (in creation order) and by SDK key
 * digest (rebuilt whenever an environment's identity changes, so a request costs one digest and
 * one Map lookup). Only the repository changes it.
 */
export class HeldEnvironments {
  private readonly byKey = new Map<string, Environment>();
  private bySdkKey = new Map<string, SdkKeyTarget>();

  constructor(environments: readonly Environment[]) {
    for (const environment of environments) this.byKey.set(environment.key, environment);
    this.reindexKeys();
  }

  get(key: string): Environment | undefined {
    return this.byKey.get(key);
  }

  /** Every environment, in creation order. */
  all(): Environment[] {
    return [...this.byKey.values()];
  }

  /** The environment of an SDK key's digest (`sdkKeyDigest`); `undefined` if unknown. */
  resolveDigest(digest: string): SdkKeyTarget | undefined {
    return this.bySdkKey.get(digest);
  }

  /** Everything as a data file document (tombstones included). */
  toDocument(): DataFileDocument {
    const environments: DataFileDocument['environments'] = {};
    for (const environment of this.byKey.values()) environments[environment.key] = environment.toDocument();
    return { environments };
  }

  /**
   * Applies an environment's identity as stored (`undefined`: it is gone). A new environment is
   * `built` (loaded with its items) or created empty.
   *
   * @returns whether anything was applied; the issues when a new environment is not usable
   */
  apply(key: string, stored: StoredEnvironment | undefined, built?: Environment): { applied: boolean; issues?: string[] } {
    const existing = this.byKey.get(key);
    if (!stored) {
      if (!existing) return { applied: false };
      this.byKey.delete(key);
    } else {
      const active = stored.sdkKeys.filter((k) => k.state === 'active').map((k) => k.sdkKey);
      const disabled = stored.sdkKeys.filter((k) => k.state === 'disabled').map((k) => k.sdkKey);
      if (existing) existing.setIdentity(stored.name, active, disabled);
      else if (built) this.byKey.set(key, built);
      else {
        const empty = buildEnvironments({ environments: { [key]: { name: stored.name, sdkKeys: active, disabledSdkKeys: disabled } } });
        if ('issues' in empty) return { applied: false, issues: empty.issues };
        this.byKey.set(key, empty.environments[0]);
      }
    }
    this.reindexKeys();
    return { applied: true };
  }

  private reindexKeys(): void {
    const index = new Map<string, SdkKeyTarget>();
    for (const environment of this.byKey.values()) {
      for (const key of environment.sdkKeys) index.set(sdkKeyDigest(key), { environment, disabled: false });
      for (const key of environment.disabledSdkKeys) index.set(sdkKeyDigest(key), { environment, disabled: true });
    }
    this.bySdkKey = index;
  }
}
