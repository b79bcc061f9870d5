import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const LIB = resolve(__dirname, '../../lib');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Source without comments. */
function code(file: string): string {
  return readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
}

/**
 * The flag language's facts live once, in the evaluator (issue 9 §2): the server validates with
 * them instead of keeping copies that can drift apart.
 */
describe('architecture: one source of truth for the flag language', () => {
  const files = sourceFiles(LIB).map((file) => ({ path: relative(LIB, file), code: code(file) }));

  it('lists clause operators only in the evaluator (the server imports them)', () => {
    const listing = files.filter((f) => !f.path.startsWith('evaluation/') && /'semVerGreaterThan'|'greaterThanOrEqual'/.test(f.code));
    assert.deepEqual(listing.map((f) => f.path), []);
  });

  it('computes what an item depends on in one function', () => {
    const walkers = files.filter((f) => /\.prerequisites\b/.test(f.code) && /segmentMatch|SEGMENT_MATCH/.test(f.code) && !f.path.startsWith('evaluation/prepare'));
    assert.deepEqual(walkers.map((f) => f.path), ['evaluation/item-dependencies.ts']);
    assert.deepEqual(files.filter((f) => /export function (segmentsOf|prerequisitesOf)/.test(f.code)).map((f) => f.path), []);
  });

  it("has one type for an item's collection (DataKind)", () => {
    const kinds = files.filter((f) => /export type \w+ = 'flags' \| 'segments'/.test(f.code));
    assert.deepEqual(kinds.map((f) => f.path), ['model/data-kind.ts']);
  });

  it('judges regexes in the server with the evaluator’s compilePattern, not new RegExp', () => {
    const validation = files.filter((f) => f.path.startsWith('server/validation/'));
    assert.deepEqual(validation.filter((f) => /new RegExp\(/.test(f.code)).map((f) => f.path), []);
    assert.ok(validation.some((f) => /compilePattern\(/.test(f.code)));
  });
});
