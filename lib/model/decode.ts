import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { PayloadDecodeError } from '../errors/payload-decode-error';
import { jsonPreview } from './json-preview';

/** At most this many bad paths are listed in one error. */
const MAX_ISSUES = 20;
/** Values are shown in error messages up to this many characters. */
const MAX_VALUE_CHARS = 60;

/**
 * Decodes `input` with an io-ts codec. On failure the left side is a {@link PayloadDecodeError}
 * whose `issues` name each bad path and what was expected there, never a raw PathReporter dump.
 *
 * @param codec the io-ts codec
 * @param input untrusted data (already parsed from JSON/YAML)
 * @param what what is being decoded, for the message (e.g. `stream message`)
 */
export function decode<A, O>(codec: t.Type<A, O, unknown>, input: unknown, what: string): E.Either<PayloadDecodeError, A> {
  const result = codec.decode(input);
  if (E.isRight(result)) return result;
  return E.left(new PayloadDecodeError(what, describeErrors(result.left)));
}

/** Like {@link decode} but throws the {@link PayloadDecodeError}. */
export function decodeOrThrow<A, O>(codec: t.Type<A, O, unknown>, input: unknown, what: string): A {
  const result = decode(codec, input, what);
  if (E.isLeft(result)) throw result.left;
  return result.right;
}

/** Turns io-ts errors into `path: expected X, got Y` lines, merging union alternatives per path. */
export function describeErrors(errors: t.Errors): string[] {
  const byPath = new Map<string, { expected: string[]; actual: unknown }>();
  for (const error of errors) {
    const path = pathOf(error.context);
    const expected = expectedName(error.context);
    const entry = byPath.get(path);
    if (entry) {
      if (!entry.expected.includes(expected)) entry.expected.push(expected);
    } else {
      byPath.set(path, { expected: [expected], actual: error.value });
    }
  }
  // A union's other alternatives (`X or null`) also fail at the parent path; when a deeper path
  // failed, that deeper path is the real problem and the parent line is noise.
  const ancestors = new Set<string>();
  for (const path of byPath.keys()) {
    for (let i = 1; i < path.length; i++) {
      if (path[i] === '.' || path[i] === '[') ancestors.add(path.slice(0, i));
    }
  }
  const deepest = [...byPath.keys()].filter((path) => !ancestors.has(path));
  const lines: string[] = [];
  for (const path of deepest) {
    const { expected, actual } = byPath.get(path)!;
    if (lines.length === MAX_ISSUES) {
      lines.push(`…and ${deepest.length - MAX_ISSUES} more`);
      break;
    }
    lines.push(`${path}: expected ${expected.join(' or ')}, got ${showValue(actual)}`);
  }
  return lines;
}

/** The expected type's name; a failing member of an intersection reports the intersection. */
function expectedName(context: t.Context): string {
  let i = context.length - 1;
  if (i < 0) return 'unknown';
  while (i > 0 && (context[i - 1].type as t.Any & { _tag?: string })._tag === 'IntersectionType') i--;
  return context[i].type.name;
}

function pathOf(context: t.Context): string {
  let path = '';
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1].type as t.Any & { _tag?: string };
    const key = context[i].key;
    switch (parent._tag) {
      case 'UnionType':
      case 'IntersectionType':
      case 'RefinementType':
      case 'ReadonlyType':
        break; // the key is a member index, not a step in the data
      case 'ArrayType':
      case 'ReadonlyArrayType':
      case 'TupleType':
        path += `[${key}]`;
        break;
      default:
        path += path === '' ? key : `.${key}`;
    }
  }
  return path === '' ? '(root)' : path;
}

function showValue(value: unknown): string {
  return value === undefined ? 'nothing' : jsonPreview(value, MAX_VALUE_CHARS);
}
