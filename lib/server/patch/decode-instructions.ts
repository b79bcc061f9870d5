import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { ServerRequestError } from '../../errors/server-request-error';
import { decode } from '../../model/decode';

/** The codecs of one item kind's instructions, by instruction `kind`. */
export type InstructionCodecs = Readonly<Record<string, t.Mixed>>;

/** A decoded instruction: its kind, its fields, and its path in the request (for messages). */
export interface DecodedInstruction {
  readonly kind: string;
  readonly fields: Record<string, unknown>;
  readonly path: string;
}

const Envelope = t.type({ instructions: t.array(t.type({ kind: t.string })) }, 'InstructionsBody');

/**
 * Decodes a semantic-patch body `{ "instructions": [ { "kind": …, … }, … ] }`: every
 * instruction must have a known `kind` and match that kind's codec. All problems are reported at
 * once, with paths such as `instructions[1].variation: expected number, got "x"`.
 *
 * @throws ServerRequestError 400 listing every problem
 */
export function decodeInstructions(body: unknown, codecs: InstructionCodecs, what: string): DecodedInstruction[] {
  const envelope = decode(Envelope, body, what);
  if (E.isLeft(envelope)) throw new ServerRequestError(400, `Invalid ${what}`, envelope.left.issues);
  const issues: string[] = [];
  const decoded: DecodedInstruction[] = [];
  if (envelope.right.instructions.length === 0) issues.push('instructions: expected at least one instruction');
  envelope.right.instructions.forEach((instruction, i) => {
    const path = `instructions[${i}]`;
    const codec = Object.hasOwn(codecs, instruction.kind) ? codecs[instruction.kind] : undefined;
    if (!codec) {
      issues.push(`${path}.kind: unknown instruction ${JSON.stringify(instruction.kind)}, expected one of ${Object.keys(codecs).join(', ')}`);
      return;
    }
    const result = decode(codec, instruction, what);
    if (E.isLeft(result)) {
      for (const line of result.left.issues) issues.push(line.startsWith('(root)') ? path + line.slice(6) : `${path}.${line}`);
      return;
    }
    decoded.push({ kind: instruction.kind, fields: result.right as Record<string, unknown>, path });
  });
  if (issues.length > 0) throw new ServerRequestError(400, `Invalid ${what}`, issues);
  return decoded;
}
