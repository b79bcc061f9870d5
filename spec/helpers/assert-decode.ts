import assert from 'node:assert/strict';
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { decode } from '../../lib/model/decode';

/** Asserts that `input` is rejected by `codec` with exactly these issue lines. */
export function assertDecodeFailure<A, O>(codec: t.Type<A, O, unknown>, input: unknown, issues: string[]): void {
  const result = decode(codec, input, 'test payload');
  assert.ok(E.isLeft(result), `expected ${JSON.stringify(input)} to be rejected`);
  assert.deepEqual(result.left.issues, issues);
}

/** Asserts that `input` decodes and returns the decoded value. */
export function assertDecodes<A, O>(codec: t.Type<A, O, unknown>, input: unknown): A {
  const result = decode(codec, input, 'test payload');
  if (E.isLeft(result)) assert.fail(result.left.message);
  return result.right;
}
