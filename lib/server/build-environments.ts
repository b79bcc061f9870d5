import type { DataKind } from '../model/data-kind';
import type { FileFlag, FileSegment } from '../model/flag-file';
import type { Flag } from '../model/flag';
import type { Segment } from '../model/segment';
import { type DataFileDocument, KEY_PATTERN } from './data-file-schema';
import { Environment } from './environment';
import { cycleProblems } from './validation/cycle-problems';
import { validateFlag } from './validation/validate-flag';
import { validateSegment } from './validation/validate-segment';

/** The environments built from a data file, and what looked wrong without being fatal. */
export interface BuiltEnvironments {
  readonly environments: Environment[];
  /** Semantic problems of stored items (`production/flags/x: rules[0].variation: …`). */
  readonly warnings: string[];
}

/**
 * Turns a decoded data file into environments.
 *
 * Structural problems (a malformed key, an item whose `key` differs from its map key, an SDK key
 * shared by two environments or shorter than 8 characters) are fatal: they come back as
 * `issues` and the server refuses to start. Semantic problems of single items (a variation out of
 * range, a missing prerequisite, a cycle…) are only warnings: SDKs evaluate such a flag as
 * `MALFORMED_FLAG`, and refusing to start would take every other flag down with it. The admin
 * API refuses to store new ones.
 *
 * @returns the environments and warnings, or the fatal issues
 */
export function buildEnvironments(document: DataFileDocument): BuiltEnvironments | { issues: string[] } {
  const issues: string[] = [];
  const warnings: string[] = [];
  const environments: Environment[] = [];
  const keyOwners = new Map<string, string>();

  for (const [envKey, env] of Object.entries(document.environments)) {
    const path = `environments.${envKey}`;
    if (!KEY_PATTERN.test(envKey)) issues.push(`${path}: environment key must be 1-256 letters, digits, '.', '_' or '-'`);
    [...env.sdkKeys, ...(env.disabledSdkKeys ?? [])].forEach((sdkKey, i) => {
      const other = keyOwners.get(sdkKey);
      if (sdkKey.length < 8) issues.push(`${path}: SDK key #${i + 1} is shorter than 8 characters`);
      else if (other !== undefined) issues.push(`${path}: SDK key #${i + 1} is also used by environment "${other}"`);
      keyOwners.set(sdkKey, envKey);
    });
    const flags = normaliseItems(issues, `${path}.flags`, env.flags ?? {}) as Flag[];
    const segments = normaliseItems(issues, `${path}.segments`, env.segments ?? {}) as Segment[];
    const environment = new Environment(envKey, env.name ?? envKey, env.sdkKeys, env.disabledSdkKeys ?? [], flags, segments);
    environments.push(environment);
    collectWarnings(warnings, environment);
  }
  return issues.length > 0 ? { issues } : { environments, warnings };
}

function normaliseItems(
  issues: string[],
  path: string,
  record: Record<string, FileFlag | FileSegment>,
): (Flag | Segment)[] {
  const items: (Flag | Segment)[] = [];
  for (const [mapKey, item] of Object.entries(record)) {
    const key = item.key ?? mapKey;
    const version = item.version ?? 1;
    if (!KEY_PATTERN.test(mapKey)) issues.push(`${path}.${mapKey}: key must be 1-256 letters, digits, '.', '_' or '-'`);
    if (key !== mapKey) issues.push(`${path}.${mapKey}.key: ${JSON.stringify(key)} differs from its map key`);
    if (!Number.isInteger(version) || version < 0) issues.push(`${path}.${mapKey}.version: ${version} is not a whole number ≥ 0`);
    items.push({ ...item, key, version });
  }
  return items;
}

function collectWarnings(warnings: string[], environment: Environment): void {
  const report = (kind: DataKind, key: string, problems: string[]): void => {
    for (const problem of problems) warnings.push(`${environment.key}/${kind}/${key}: ${problem}`);
  };
  // Cycles are looked for once over the environment (per item, a chain costs n²).
  for (const flag of environment.flags()) report('flags', flag.key, validateFlag(flag, environment, { cycles: false }));
  for (const segment of environment.segments()) report('segments', segment.key, validateSegment(segment, environment, { cycles: false }));
  for (const kind of ['flags', 'segments'] as const) for (const [key, problem] of cycleProblems(environment, kind)) report(kind, key, [problem]);
}
