import type { EvaluationReason, ErrorKind } from '../../evaluation/evaluation-reason';
import type { Flag } from '../../model/flag';

/** OpenFeature's resolution reasons (`StandardResolutionReasons`), as flagstream maps onto them. */
export type StandardReason = 'STATIC' | 'DEFAULT' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED' | 'ERROR';

/** OpenFeature's error codes for flagstream's error kinds. */
export type StandardErrorCode = 'PROVIDER_NOT_READY' | 'FLAG_NOT_FOUND' | 'PARSE_ERROR' | 'TYPE_MISMATCH' | 'TARGETING_KEY_MISSING' | 'GENERAL';

/**
 * The OpenFeature reason for an evaluation reason: targets and rules → `TARGETING_MATCH`,
 * percentage rollouts and experiments → `SPLIT`, off (and a failed prerequisite, which serves the
 * off variation) → `DISABLED`, a fixed fallthrough → `STATIC` when the flag has no targets or rules
 * (every context gets it) else `DEFAULT`, errors → `ERROR`. Without `flag` (a hook sees only the
 * result) a rollout cannot be told from a fixed variation: rules give `TARGETING_MATCH` and the
 * fallthrough `DEFAULT`, unless the context is in an experiment.
 */
export function standardReason(reason: EvaluationReason, flag?: Flag): StandardReason {
  switch (reason.kind) {
    case 'ERROR':
      return 'ERROR';
    case 'OFF':
    case 'PREREQUISITE_FAILED':
      return 'DISABLED';
    case 'TARGET_MATCH':
      return 'TARGETING_MATCH';
    case 'RULE_MATCH':
      if (reason.inExperiment === true) return 'SPLIT';
      return flag?.rules?.[reason.ruleIndex]?.rollout != null ? 'SPLIT' : 'TARGETING_MATCH';
    case 'FALLTHROUGH': {
      if (reason.inExperiment === true || flag?.fallthrough?.rollout != null) return 'SPLIT';
      const targeted = (flag?.targets?.length ?? 0) + (flag?.contextTargets?.length ?? 0) + (flag?.rules?.length ?? 0) > 0;
      return flag !== undefined && !targeted ? 'STATIC' : 'DEFAULT';
    }
  }
}

/** The OpenFeature error code for an error kind. */
export function standardErrorCode(kind: ErrorKind): StandardErrorCode {
  switch (kind) {
    case 'CLIENT_NOT_READY':
      return 'PROVIDER_NOT_READY';
    case 'FLAG_NOT_FOUND':
      return 'FLAG_NOT_FOUND';
    case 'MALFORMED_FLAG':
      return 'PARSE_ERROR';
    case 'WRONG_TYPE':
      return 'TYPE_MISMATCH';
    case 'USER_NOT_SPECIFIED':
      return 'TARGETING_KEY_MISSING';
    case 'EXCEPTION':
      return 'GENERAL';
  }
}
