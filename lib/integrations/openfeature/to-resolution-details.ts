import type { ErrorCode, FlagMetadata, ResolutionDetails } from '@openfeature/server-sdk';
import type { EvaluationDetail } from '../../evaluation/evaluation-reason';
import type { Flag } from '../../model/flag';
import { standardErrorCode, standardReason } from '../frameworks/standard-reason';

/** Messages for flagstream's error kinds (the key and details are added). */
const ERROR_MESSAGES: Record<string, string> = {
  CLIENT_NOT_READY: 'the flagstream client has no flag data yet',
  FLAG_NOT_FOUND: 'no flag with this key',
  MALFORMED_FLAG: 'the flag cannot be evaluated (malformed configuration)',
  USER_NOT_SPECIFIED: 'the evaluation context is not a valid context',
  WRONG_TYPE: 'the flag serves a value of another type',
  EXCEPTION: 'unexpected error in flagstream',
};

/**
 * An evaluation's result in OpenFeature's terms: the value; `variant` (the variation index, as
 * text); the reason mapped onto OpenFeature's vocabulary ({@link standardReason}); on errors
 * `errorCode` and `errorMessage`; `flagMetadata` with the flag's `version`, the matched rule's
 * `ruleId`, `inExperiment`, the original `reasonKind` and, for a failed prerequisite, its key.
 */
export function toResolutionDetails<T>(key: string, detail: EvaluationDetail<T>, flag: Flag | undefined): ResolutionDetails<T> {
  const reason = detail.reason;
  const flagMetadata: Record<string, string | number | boolean> = { reasonKind: reason.kind };
  if (flag !== undefined) flagMetadata.version = flag.version;
  if (reason.kind === 'RULE_MATCH' && reason.ruleId !== undefined) flagMetadata.ruleId = reason.ruleId;
  if ((reason.kind === 'RULE_MATCH' || reason.kind === 'FALLTHROUGH') && reason.inExperiment === true) flagMetadata.inExperiment = true;
  if (reason.kind === 'PREREQUISITE_FAILED') flagMetadata.prerequisiteKey = reason.prerequisiteKey;
  const result: ResolutionDetails<T> = {
    value: detail.value,
    reason: standardReason(reason, flag),
    flagMetadata: flagMetadata as FlagMetadata,
  };
  if (detail.variationIndex !== null) result.variant = String(detail.variationIndex);
  if (reason.kind === 'ERROR') {
    result.errorCode = standardErrorCode(reason.errorKind) as ErrorCode;
    result.errorMessage = `flag '${key}': ${ERROR_MESSAGES[reason.errorKind] ?? reason.errorKind}`;
  }
  return result;
}

/** A result carrying only an error: the default value, reason `ERROR`. */
export function errorResolution<T>(value: T, errorCode: ErrorCode, errorMessage: string): ResolutionDetails<T> {
  return { value, reason: 'ERROR', errorCode, errorMessage };
}
