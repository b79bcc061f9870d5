/** What {@link SlicedJsonParser} is told. */
export interface SlicedJsonParserOptions {
  /**
   * Containers nested less deeply than this are built by the parser itself, piece by piece;
   * every value at this depth (the root is depth 0) is parsed whole with `JSON.parse` of its text.
   * With 3, `{"data":{"flags":{"a":{…}}}}` is split at each flag.
   */
  readonly splitDepth: number;
  /**
   * Called with each value at `splitDepth` once it is parsed, and the keys leading to it (array
   * positions as strings). A later duplicate of the same key calls it again (the last one counts,
   * as with `JSON.parse`).
   */
  readonly onValue?: (path: readonly string[], value: unknown) => void;
}

const enum Expect {
  FirstKeyOrEnd,
  Key,
  Colon,
  Value,
  FirstValueOrEnd,
  CommaOrEnd,
}

interface Frame {
  readonly target: Record<string, unknown> | unknown[];
  readonly array: boolean;
  expect: Expect;
  /** The member being read: its key (objects) or its position (arrays). */
  key: string;
}

/** Values parsed between two looks at the clock. */
const VALUES_PER_CHECK = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Parses one JSON text in steps, so that a very large text (a stream `put` of 100,000 flags is
 * 50 MB) never blocks the event loop for long: {@link step} works until the caller says the
 * time is up, and can be called again later (this module reads no clock: the caller's `timeUp` does). The result is the value `JSON.parse(text)` returns (same keys in the same
 * order, last duplicate wins, `__proto__` an own property).
 *
 * How: the outer containers (above `splitDepth`) are read here; each value at `splitDepth`
 * (and each key and scalar above it) is found by scanning for its end, skipping strings, and
 * parsed by `JSON.parse` of that piece of the text. The scan only delimits: `JSON.parse` checks
 * every piece. When the text is not valid JSON the parser stops with {@link failed} set; its
 * message is rough (the caller parses the whole text for `JSON.parse`'s exact message).
 */
export class SlicedJsonParser {
  private readonly stack: Frame[] = [];
  private pos = 0;
  private root: unknown;
  private rootDone = false;
  private finished = false;
  private failure: string | undefined;

  constructor(
    private readonly text: string,
    private readonly options: SlicedJsonParserOptions,
  ) {}

  /** Why the text is not JSON (a rough message), once {@link step} returned `true`; `undefined` when it parsed. */
  get failed(): string | undefined {
    return this.failure;
  }

  /** The parsed value, once {@link step} returned `true` and {@link failed} is `undefined`. */
  get value(): unknown {
    return this.root;
  }

  /**
   * Parses until the end of the text or until `timeUp()` says to stop (asked every few values).
   *
   * @returns `true` when done (parsed, or failed), `false` when there is more to do
   */
  step(timeUp: () => boolean): boolean {
    if (this.finished) return true;
    const text = this.text;
    const length = text.length;
    let countdown = VALUES_PER_CHECK;
    for (;;) {
      let pos = skipWhitespace(text, this.pos);
      this.pos = pos;
      const frame = this.stack.length > 0 ? this.stack[this.stack.length - 1] : undefined;
      if (frame === undefined) {
        if (this.rootDone) return pos === length ? this.finish() : this.fail(`unexpected text after the value at ${pos}`);
        if (pos === length) return this.fail('no value');
        if (!this.readValue(pos)) return true;
        this.rootDone = this.stack.length === 0;
        continue;
      }
      if (pos === length) return this.fail('unexpected end');
      const c = text.charCodeAt(pos);
      switch (frame.expect) {
        case Expect.FirstKeyOrEnd:
        case Expect.Key: {
          if (c === CLOSE_BRACE && frame.expect === Expect.FirstKeyOrEnd) {
            this.close(pos);
            continue;
          }
          if (c !== QUOTE) return this.fail(`expected a key at ${pos}`);
          const end = skipString(text, pos);
          if (end < 0) return this.fail(`unterminated string at ${pos}`);
          const key = this.parsePiece(pos, end);
          if (typeof key !== 'string') return true;
          frame.key = key;
          frame.expect = Expect.Colon;
          this.pos = end;
          continue;
        }
        case Expect.Colon:
          if (c !== COLON) return this.fail(`expected ':' at ${pos}`);
          frame.expect = Expect.Value;
          this.pos = pos + 1;
          continue;
        case Expect.FirstValueOrEnd:
        case Expect.Value:
          if (c === CLOSE_BRACKET && frame.expect === Expect.FirstValueOrEnd) {
            this.close(pos);
            continue;
          }
          frame.expect = Expect.CommaOrEnd;
          if (!this.readValue(pos)) return true;
          if (--countdown === 0) {
            countdown = VALUES_PER_CHECK;
            if (timeUp()) return false;
          }
          continue;
        case Expect.CommaOrEnd:
          if (c === COMMA) {
            if (frame.array) frame.key = String(Number(frame.key) + 1);
            frame.expect = frame.array ? Expect.Value : Expect.Key;
            this.pos = pos + 1;
            continue;
          }
          if (c === (frame.array ? CLOSE_BRACKET : CLOSE_BRACE)) {
            this.close(pos);
            continue;
          }
          return this.fail(`expected ',' or the end of the ${frame.array ? 'array' : 'object'} at ${pos}`);
      }
    }
  }

  /** Reads the value starting at `pos`: opens a container above the split depth, else parses it whole. */
  private readValue(pos: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(pos);
    const depth = this.stack.length;
    if ((c === OPEN_BRACE || c === OPEN_BRACKET) && depth < this.options.splitDepth) {
      const array = c === OPEN_BRACKET;
      const target: Record<string, unknown> | unknown[] = array ? [] : {};
      this.assign(target);
      this.stack.push({ target, array, expect: array ? Expect.FirstValueOrEnd : Expect.FirstKeyOrEnd, key: array ? '0' : '' });
      this.pos = pos + 1;
      return true;
    }
    const end = skipValue(text, pos);
    if (end < 0) return this.fail(`unterminated value at ${pos}`);
    const value = this.parsePiece(pos, end);
    if (this.finished) return false;
    this.assign(value);
    this.pos = end;
    if (depth === this.options.splitDepth && this.options.onValue) {
      const path = new Array<string>(depth);
      for (let i = 0; i < depth; i++) path[i] = this.stack[i].key;
      this.options.onValue(path, value);
    }
    return true;
  }

  /** Stores a value in the current container (or as the root), as `JSON.parse` would. */
  private assign(value: unknown): void {
    const frame = this.stack.length > 0 ? this.stack[this.stack.length - 1] : undefined;
    if (frame === undefined) this.root = value;
    else if (frame.array) (frame.target as unknown[]).push(value);
    else if (frame.key === '__proto__') Object.defineProperty(frame.target, frame.key, { value, writable: true, enumerable: true, configurable: true });
    else (frame.target as Record<string, unknown>)[frame.key] = value;
  }

  private close(pos: number): void {
    this.stack.pop();
    this.rootDone = this.stack.length === 0;
    this.pos = pos + 1;
  }

  private parsePiece(start: number, end: number): unknown {
    try {
      return JSON.parse(this.text.slice(start, end));
    } catch (error) {
      this.fail(error instanceof Error ? error.message : 'syntax error');
      return undefined;
    }
  }

  private finish(): boolean {
    this.finished = true;
    return true;
  }

  private fail(message: string): false {
    this.failure = message;
    this.finished = true;
    this.root = undefined;
    return false;
  }
}

function skipWhitespace(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
    else return pos;
  }
}

/** The position after the string starting at `pos` (a quote), or -1 if it does not end. */
function skipString(text: string, pos: number): number {
  let from = pos + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/**
 * The position after the value starting at `pos`: a string, a container (brackets counted
 * outside strings; whether they match is left to `JSON.parse`), or a scalar (up to the next
 * delimiter). -1 when the text ends first.
 */
function skipValue(text: string, pos: number): number {
  const length = text.length;
  const first = text.charCodeAt(pos);
  if (first === QUOTE) return skipString(text, pos);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let i = pos;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i = skipString(text, i);
        if (i < 0) return -1;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  let i = pos;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
    i++;
  }
  return i;
}
