/**
 * JSON text as a hostile file gives it (issue #19): bytes that are not UTF-8 text, an empty file, a byte-order mark
 * alone, nesting deep enough to exhaust the stack, a syntax error. Each is one `NetworkError` whose message names the
 * file and says what was found and expected, and never echoes the file's raw content. A byte-order mark before a
 * valid document is skipped (RFC 8259 §8.1 lets a parser ignore it).
 */
import { NetworkError } from './errors.js';
import { formatPath, type PathSegment } from './path.js';

export const JSON_TEXT_DEFAULTS = {
  /** Deepest nesting of arrays and objects accepted; a network needs about 8. */
  maxDepth: 64,
};

const BOM = '\uFEFF';

const refuse = (message: string, code: NetworkError['code'] = 'syntax', path = ''): never => {
  throw new NetworkError([{ path, message }], 'loadNetwork', code);
};

/** Bytes → text: UTF-8 only; a byte-order mark is kept for parseJsonText to judge. */
export function decodeJsonBytes(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    let at = 0;
    // the first byte where a strict decoder fails: shortest prefix that does not decode
    for (let lo = 0, hi = bytes.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
        lo = mid + 1;
        at = lo;
      } catch {
        hi = mid;
      }
    }
    return refuse(`${file} is binary, not JSON text (bytes that are not UTF-8 at byte ${at}); expected a network JSON file`);
  }
}

/** The character at a syntax error, told without echoing control or invisible characters. */
function describeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp >= 0x21 && cp <= 0x7e ? `"${ch}"` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The path of the first array or object nested deeper than `maxDepth`, scanning the text (strings skipped) before
 * JSON.parse recurses into it; null when the nesting stays within the bound.
 */
export function tooDeep(text: string, maxDepth: number): { path: string; depth: number } | null {
  // A first pass counts depth only (no allocation); the path is traced only for a text that goes too deep.
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = stringEnd(text, i);
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
    if (i < 0) break;
  }
  return deepest > maxDepth ? tracePath(text, maxDepth) : null;
}

/** The index of the quote that closes the string opening at `i`, or -1 when it never closes. */
function stringEnd(text: string, i: number): number {
  let j = text.indexOf('"', i + 1);
  while (j > 0) {
    let k = j - 1;
    while (text.charCodeAt(k) === 0x5c) k--;
    if ((j - 1 - k) % 2 === 0) return j; // not escaped: an even run of backslashes before it
    j = text.indexOf('"', j + 1);
  }
  return -1;
}

/** The path of the first array or object at level `maxDepth + 1`. */
function tracePath(text: string, maxDepth: number): { path: string; depth: number } | null {
  // one frame per open array or object: where it sits in its parent, and its current key or index
  const frames: { array: boolean; key: string; index: number; at: PathSegment | null }[] = [];
  // the last string's bounds: sliced only when a ':' makes it a key
  let from = 0;
  let to = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const j = stringEnd(text, i);
      if (j < 0) return null; // unterminated: JSON.parse reports it
      from = i + 1;
      to = Math.min(j, i + 101);
      i = j;
    } else if (c === 0x5b || c === 0x7b) {
      const parent = frames.at(-1);
      const at = parent ? (parent.array ? parent.index : parent.key) : null;
      if (frames.length >= maxDepth) return { path: formatPath([...frames.slice(1).map((f) => f.at!), at!]), depth: frames.length + 1 };
      frames.push({ array: c === 0x5b, key: '', index: 0, at });
    } else if (c === 0x5d || c === 0x7d) frames.pop();
    else if (c === 0x3a) {
      const f = frames.at(-1);
      if (f && !f.array) f.key = text.slice(from, to);
    } else if (c === 0x2c) {
      const f = frames.at(-1);
      if (f?.array) f.index++;
    }
  }
  return null;
}

/** Parses JSON text; every problem is one NetworkError (code `syntax`, or `invalid` for nesting beyond the bound). */
export function parseJsonText(text: string, file: string, options: Partial<typeof JSON_TEXT_DEFAULTS> = {}): unknown {
  const { maxDepth } = { ...JSON_TEXT_DEFAULTS, ...options };
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (body.trim() === '') return refuse(text === '' ? `${file} is empty; expected a network JSON object` : body === '' ? `${file} holds only a byte-order mark; expected a network JSON object after it` : `${file} holds only white space; expected a network JSON object`);
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(body);
  if (control) return refuse(`${file} is binary, not JSON text (control character ${describeChar(control[0])} at character ${control.index + 1}); expected a network JSON file`);
  const deep = tooDeep(body, maxDepth);
  if (deep) return refuse(`nested more than ${maxDepth} levels deep; expected at most ${maxDepth} levels of arrays and objects (the file was not parsed further)`, 'invalid', deep.path);
  try {
    return JSON.parse(body);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /at position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const before = body.slice(0, Number(pos[1])).split('\n');
      where = ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
    }
    const token = /^Unexpected token '([\s\S]+?)', "/.exec(msg);
    const reason = token ? `unexpected character ${describeChar(token[1]!)}` : msg.replace(/^(JSON\.parse: )?/, '').replace(/ in JSON at position \d+[\s\S]*$/, '').replace(/, "[\s\S]*$/, '');
    return refuse(`${file} is not valid JSON${where}: ${reason}`);
  }
}
