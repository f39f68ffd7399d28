// Finds stage-variable tokens in one string: the documented forms (reference §1) and the near
// misses people write instead. Pure and dependency-free; called on every string of every template,
// so strings without the letters "stagevariable" cost one case-insensitive search.

export type ReferenceSyntax =
  | 'braced' // ${stageVariables.name}
  | 'dollar' // $stageVariables.name (VTL, HTTP API mappings)
  | 'bracket' // $stageVariables['name'] or ${stageVariables['name']} (VTL)
  | 'bare' // stageVariables.name (REST/WS parameter mappings, identity sources)
  | 'sub-escaped'; // ${!stageVariables.name} (Fn::Sub literal escape)

export type MalformedKind =
  | 'casing' // ${StageVariables.x}, $stagevariables.x
  | 'singular' // ${stageVariable.x}
  | 'unclosed' // ${stageVariables.x   (no `}` before the end, whitespace, `$`, `{` or a quote)
  | 'empty-name' // ${stageVariables.}
  | 'invalid-name' // ${stageVariables.my-host}
  | 'quoted-name' // ${stageVariables."x"}, ${"stageVariables.x"}
  | 'whitespace'; // ${ stageVariables.x }

export interface Token {
  /** The variable name as written ('' when empty); always `text.slice(nameStart, nameEnd)`. */
  name: string;
  syntax: ReferenceSyntax;
  /** [start, end) of the whole token in the scanned text. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  malformed?: {
    kind: MalformedKind;
    /** The corrected token text (e.g. '${stageVariables.x}'), or null when no fix can be derived. */
    corrected: string | null;
  };
  /**
   * Velocity "quiet reference" notation: `$!stageVariables.x` (syntax 'dollar') or
   * `$!{stageVariables.x}` (syntax 'braced'). Valid in mapping templates only; API Gateway does
   * not substitute it in URIs or ARNs.
   */
  quiet?: true;
}

const MAY_CONTAIN = /stagevariable/i;
const WORD_LENGTH = 13; // 'stageVariable'
const FORWARD_SCAN_LIMIT = 256;

/** Cheap test used as a pre-filter: can this string hold any token (good or malformed)? */
export function mayContainToken(text: string): boolean {
  return text.length >= WORD_LENGTH && MAY_CONTAIN.test(text);
}

// The rules and the slot classifier scan the same flattened URI again for each reference in it.
let lastText: string | undefined;
let lastTokens: readonly Token[] = [];

/** Every token in `text`, in order, non-overlapping. Never throws. The list is shared: do not change it. */
export function scanTokens(text: string): readonly Token[] {
  if (text === lastText) return lastTokens;
  const tokens = findTokens(text);
  lastText = text;
  lastTokens = tokens;
  return tokens;
}

function findTokens(text: string): Token[] {
  if (!mayContainToken(text)) return [];
  const tokens: Token[] = [];
  const word = /stagevariable/gi;
  let lastEnd = 0;
  let match: RegExpExecArray | null;
  while ((match = word.exec(text)) !== null) {
    const at = match.index;
    if (at < lastEnd) continue;
    if (at > 0 && isIdent(text.charCodeAt(at - 1))) continue; // mystageVariables.x
    let wordEnd = at + WORD_LENGTH;
    const singular = !(text[wordEnd] === 's' || text[wordEnd] === 'S');
    if (!singular) wordEnd++;
    if (wordEnd < text.length && isIdent(text.charCodeAt(wordEnd))) continue; // stageVariablesX
    const written = text.slice(at, wordEnd);
    const word0: WordInfo = { at, end: wordEnd, singular, casing: written !== (singular ? 'stageVariable' : 'stageVariables') };
    const token = parseAt(text, word0, lastEnd);
    if (token) {
      tokens.push(token);
      lastEnd = token.end;
      if (word.lastIndex < token.end) word.lastIndex = token.end;
    }
  }
  return tokens;
}

interface WordInfo {
  at: number;
  end: number;
  singular: boolean;
  casing: boolean;
}

function parseAt(text: string, word: WordInfo, lastEnd: number): Token | null {
  const at = word.at;
  // Look back for `${`, `${!` or `$!{`, allowing a quote right before the word and whitespace
  // after the brace: `${"stageVariables.x"}`, `${ stageVariables.x }`.
  let k = at - 1;
  let openQuote: string | null = null;
  if (k >= 0 && isQuote(text[k])) {
    openQuote = text[k]!;
    k--;
  }
  let wsBefore = false;
  while (k >= 0 && isWs(text.charCodeAt(k))) {
    wsBefore = true;
    k--;
  }
  const opener = braceOpener(text, k);
  if (opener !== null && opener.start >= lastEnd) {
    return parseBraced(text, word, opener.kind, opener.start, openQuote, wsBefore);
  }
  const prev = at > 0 ? text[at - 1] : undefined;
  if (prev === '$' && at - 1 >= lastEnd) return parseDollar(text, word, 'dollar', at - 1);
  if (prev === '!' && at >= 2 && text[at - 2] === '$' && at - 2 >= lastEnd) return parseDollar(text, word, 'quiet-dollar', at - 2);
  if (prev === '$' || prev === '{' || prev === '!' || prev === '.') return null;
  return parseBare(text, word);
}

/** The brace opener ending at `k` (`${`, `${!` or `$!{`), if any. */
function braceOpener(text: string, k: number): { kind: 'braced' | 'escaped' | 'quiet-braced'; start: number } | null {
  if (k < 1) return null;
  if (text[k] === '!' && text[k - 1] === '{' && text[k - 2] === '$') return { kind: 'escaped', start: k - 2 };
  if (text[k] !== '{') return null;
  if (text[k - 1] === '$') return { kind: 'braced', start: k - 1 };
  if (text[k - 1] === '!' && text[k - 2] === '$') return { kind: 'quiet-braced', start: k - 2 };
  return null;
}

/** `${…}`, `${!…}` and `$!{…}` forms, with their near misses. */
function parseBraced(
  text: string,
  word: WordInfo,
  opener: 'braced' | 'escaped' | 'quiet-braced',
  start: number,
  openQuote: string | null,
  wsBefore: boolean,
): Token | null {
  let ws = wsBefore;
  let p = skipWs(text, word.end);
  if (p > word.end) ws = true;

  if (text[p] === '[' && openQuote === null) {
    return parseBracketTail(text, word, opener, start, p, ws);
  }
  if (text[p] !== '.') return null; // ${stageVariables}, ${stageVariables-x}: not a reference
  p++;
  const afterDot = skipWs(text, p);
  if (afterDot > p) ws = true;
  p = afterDot;

  // `${stageVariables."x"}`: quote after the dot.
  let innerQuote: string | null = null;
  if (isQuote(text[p])) {
    innerQuote = text[p]!;
    p++;
  }
  const nameStart = p;
  let nameEnd: number;
  if (innerQuote !== null) {
    nameEnd = findQuoteEnd(text, p, innerQuote);
    if (nameEnd < 0) {
      nameEnd = identEnd(text, p);
      return finish(text, word, opener, start, nameStart, nameEnd, nameEnd, 'unclosed', ws);
    }
    p = nameEnd + 1;
  } else {
    nameEnd = identEnd(text, p);
    p = nameEnd;
  }
  // `${"stageVariables.x"}`: the quote opened before the word closes after the name.
  let quoted = innerQuote !== null;
  if (openQuote !== null) {
    if (text[p] === openQuote) p++;
    else if (nameEnd === nameStart) return null;
    quoted = true;
  }
  const close = skipWs(text, p);
  if (text[close] === '}') {
    if (close > p) ws = true;
    const kind: MalformedKind | null = quoted ? 'quoted-name' : null;
    return finish(text, word, opener, start, nameStart, nameEnd, close + 1, kind, ws);
  }
  if (quoted) return finish(text, word, opener, start, nameStart, nameEnd, p, 'unclosed', ws);
  if (close > p || p >= text.length || text[p] === '$') {
    return finish(text, word, opener, start, nameStart, nameEnd, nameEnd, 'unclosed', ws);
  }
  // Some other character follows the identifier run: `${stageVariables.my-host}` or an unclosed
  // `${stageVariables.fn/invocations`. Look ahead for the closing brace.
  const limit = Math.min(text.length, p + FORWARD_SCAN_LIMIT);
  for (let r = p; r < limit; r++) {
    const c = text.charCodeAt(r);
    if (c === 0x7d /* } */) {
      return finish(text, word, opener, start, nameStart, r, r + 1, 'invalid-name', ws);
    }
    if (isWs(c) || c === 0x24 /* $ */ || c === 0x7b /* { */ || c === 0x22 || c === 0x27) break;
  }
  return finish(text, word, opener, start, nameStart, nameEnd, nameEnd, 'unclosed', ws);
}

/** `[` 'name' `]` `}` after `${stageVariables`, `p` at the `[`. */
function parseBracketTail(
  text: string,
  word: WordInfo,
  opener: 'braced' | 'escaped' | 'quiet-braced',
  start: number,
  p: number,
  ws: boolean,
): Token | null {
  const quote = text[p + 1];
  if (!isQuote(quote)) return null; // ${stageVariables[$key]}: dynamic, not a reference we can read
  const nameStart = p + 2;
  const nameEnd = findQuoteEnd(text, nameStart, quote!);
  if (nameEnd < 0) return null;
  let q = nameEnd + 1;
  let unclosed = false;
  if (text[q] === ']') q++;
  else unclosed = true;
  const close = skipWs(text, q);
  let end: number;
  if (text[close] === '}') {
    if (close > q) ws = true;
    end = close + 1;
  } else {
    unclosed = true;
    end = q;
  }
  const name = text.slice(nameStart, nameEnd);
  const syntax: ReferenceSyntax = opener === 'escaped' ? 'sub-escaped' : 'bracket';
  const prefix = opener === 'escaped' ? '${!' : opener === 'quiet-braced' ? '$!{' : '${';
  const corrected = `${prefix}stageVariables[${quote}${name}${quote}]}`;
  const kind = nameKind(name) ?? (unclosed ? 'unclosed' : wordKind(word) ?? (ws ? 'whitespace' : null));
  return makeToken(name, syntax, start, end, nameStart, nameEnd, kind, kind === 'empty-name' || kind === 'invalid-name' ? null : corrected, opener === 'quiet-braced');
}

function finish(
  text: string,
  word: WordInfo,
  opener: 'braced' | 'escaped' | 'quiet-braced',
  start: number,
  nameStart: number,
  nameEnd: number,
  end: number,
  structural: MalformedKind | null,
  ws: boolean,
): Token {
  const name = text.slice(nameStart, nameEnd);
  const syntax: ReferenceSyntax = opener === 'escaped' ? 'sub-escaped' : 'braced';
  const badName = nameKind(name);
  let kind: MalformedKind | null;
  if (structural === 'quoted-name') kind = name === '' ? 'empty-name' : 'quoted-name';
  else if (badName !== null && structural !== 'unclosed') kind = badName;
  else kind = structural ?? wordKind(word) ?? (ws ? 'whitespace' : null);
  const prefix = opener === 'escaped' ? '${!' : opener === 'quiet-braced' ? '$!{' : '${';
  const corrected = badName === null ? `${prefix}stageVariables.${name}}` : null;
  return makeToken(name, syntax, start, end, nameStart, nameEnd, kind, corrected, opener === 'quiet-braced');
}

/** `$stageVariables.x`, `$stageVariables['x']` and their quiet `$!` forms. */
function parseDollar(text: string, word: WordInfo, opener: 'dollar' | 'quiet-dollar', start: number): Token | null {
  const p = word.end;
  const prefix = opener === 'quiet-dollar' ? '$!' : '$';
  const quiet = opener === 'quiet-dollar';
  if (text[p] === '.') {
    const nameStart = p + 1;
    const nameEnd = identEnd(text, nameStart);
    if (text[nameEnd] === '(') return null; // $stageVariables.keySet(): a method call on the map
    const name = text.slice(nameStart, nameEnd);
    if (name === '') return makeToken('', 'dollar', start, nameEnd, nameStart, nameEnd, 'empty-name', null, quiet);
    return makeToken(name, 'dollar', start, nameEnd, nameStart, nameEnd, wordKind(word), `${prefix}stageVariables.${name}`, quiet);
  }
  if (text[p] === '[') {
    const quote = text[p + 1];
    if (!isQuote(quote)) return null; // $stageVariables[$key]
    const nameStart = p + 2;
    const nameEnd = findQuoteEnd(text, nameStart, quote!);
    if (nameEnd < 0) return null;
    const unclosed = text[nameEnd + 1] !== ']';
    const end = unclosed ? nameEnd + 1 : nameEnd + 2;
    const name = text.slice(nameStart, nameEnd);
    const kind = nameKind(name) ?? (unclosed ? 'unclosed' : wordKind(word));
    const corrected = kind === 'empty-name' || kind === 'invalid-name' ? null : `${prefix}stageVariables[${quote}${name}${quote}]`;
    return makeToken(name, 'bracket', start, end, nameStart, nameEnd, kind, corrected, quiet);
  }
  return null;
}

/** `stageVariables.x` with no `$`, `{`, `!`, `.` or identifier character before it. */
function parseBare(text: string, word: WordInfo): Token | null {
  if (text[word.end] !== '.') return null;
  const nameStart = word.end + 1;
  const nameEnd = identEnd(text, nameStart);
  if (nameEnd === nameStart || text[nameEnd] === '(') return null;
  const name = text.slice(nameStart, nameEnd);
  return makeToken(name, 'bare', word.at, nameEnd, nameStart, nameEnd, wordKind(word), `stageVariables.${name}`, false);
}

function makeToken(
  name: string,
  syntax: ReferenceSyntax,
  start: number,
  end: number,
  nameStart: number,
  nameEnd: number,
  kind: MalformedKind | null,
  corrected: string | null,
  quiet: boolean,
): Token {
  const token: Token = { name, syntax, start, end, nameStart, nameEnd };
  if (kind !== null) token.malformed = { kind, corrected };
  if (quiet) token.quiet = true;
  return token;
}

function wordKind(word: WordInfo): MalformedKind | null {
  return word.singular ? 'singular' : word.casing ? 'casing' : null;
}

function nameKind(name: string): 'empty-name' | 'invalid-name' | null {
  if (name === '') return 'empty-name';
  return NAME.test(name) ? null : 'invalid-name';
}

const NAME = /^[A-Za-z0-9_]+$/;

/** Index of the closing `quote` of a name starting at `from`, or -1 (stops at whitespace, braces, `$`). */
function findQuoteEnd(text: string, from: number, quote: string): number {
  const limit = Math.min(text.length, from + FORWARD_SCAN_LIMIT);
  for (let i = from; i < limit; i++) {
    const c = text[i]!;
    if (c === quote) return i;
    if (c === '}' || c === '{' || c === '$' || c === ']' || isWs(c.charCodeAt(0))) return -1;
  }
  return -1;
}

function identEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isIdent(text.charCodeAt(i))) i++;
  return i;
}

function skipWs(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

function isIdent(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000;
}

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'";
}
