/**
 * Deepest nesting of arrays and objects accepted in a request body. Real flags nest about ten
 * levels (JSON variation values a few more); a body nested hundreds of thousands deep would
 * overflow the stack of recursive code (merge patch, validation, persistence) later on. Default
 * and limit: 1,000 (as for flag files).
 */
export const MAX_BODY_DEPTH = 1000;

/** At most this many problems are listed. */
const MAX_ISSUES = 20;

interface Frame {
  readonly array: boolean;
  /** The current element's index (arrays) or key (objects). */
  at: number | string;
  expectKey: boolean;
  keys?: Set<string>;
}

/**
 * What `JSON.parse` would silently change in a JSON text, as `path: problem` lines: a key that
 * appears twice in one object (`JSON.parse` keeps the last), and a number too large for a double
 * (`1e309` becomes `Infinity`, which `JSON.stringify` then writes as `null`). Also refuses a text
 * nested more than `maxDepth` levels deep (one line, then the scan stops).
 *
 * One pass over the text, without recursion. A text that is not JSON at all yields whatever it
 * yields: the caller parses it with `JSON.parse` for the syntax.
 *
 * @param text a JSON text
 * @param maxDepth deepest nesting accepted (default {@link MAX_BODY_DEPTH})
 */
export function strictJsonIssues(text: string, maxDepth = MAX_BODY_DEPTH): string[] {
  const issues: string[] = [];
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && issues.length < MAX_ISSUES) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      // { [
      if (stack.length >= maxDepth) {
        issues.push(`${pathOf(stack)}: nested more than ${maxDepth} levels deep`);
        return issues;
      }
      stack.push({ array: c === 0x5b, at: 0, expectKey: c === 0x7b });
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
    } else if (c === 0x2c) {
      // ,
      const top = stack[stack.length - 1];
      if (top !== undefined) {
        if (top.array) top.at = (top.at as number) + 1;
        else top.expectKey = true;
      }
      i++;
    } else if (c === 0x22) {
      // a string: a key when the enclosing object expects one
      let end = i + 1;
      let escaped = false;
      while (end < n && text.charCodeAt(end) !== 0x22) {
        if (text.charCodeAt(end) === 0x5c) {
          escaped = true;
          end++;
        }
        end++;
      }
      const top = stack[stack.length - 1];
      if (top !== undefined && !top.array && top.expectKey) {
        const key = escaped ? decodeString(text.slice(i, end + 1)) : text.slice(i + 1, end);
        top.expectKey = false;
        top.keys ??= new Set();
        top.at = key;
        if (top.keys.has(key)) issues.push(`${pathOf(stack)}: the key ${JSON.stringify(key)} appears twice in one object`);
        top.keys.add(key);
      }
      i = end + 1;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      // a number
      let end = i + 1;
      while (end < n && isNumberChar(text.charCodeAt(end))) end++;
      const token = text.slice(i, end);
      if (!Number.isFinite(Number(token))) issues.push(`${pathOf(stack)}: ${token} is too large for a JSON number (a double)`);
      i = end;
    } else {
      i++; // white space, ':', true, false, null
    }
  }
  return issues;
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}

function decodeString(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal;
  }
}

/** The path of the current value: `variations[1]`, `rules[0].clauses`, `(root)`. */
function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const frame of stack) {
    if (frame.array) path += `[${frame.at}]`;
    else if (typeof frame.at === 'string') path += path === '' ? frame.at : `.${frame.at}`;
  }
  return path === '' ? '(root)' : path;
}
