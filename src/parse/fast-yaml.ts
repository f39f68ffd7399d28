// A fast parser for the YAML that CloudFormation templates are actually written in.
//
// The `yaml` package reads about 1 MB/s here: a 2,000-line template costs 50 ms, which bounds the
// whole linter (docs/performance.md). This parser handles the common subset (one document of block
// maps and sequences, plain/quoted/literal/folded scalars, single- or multi-line flow collections,
// CloudFormation short-form tags and other local tags, comments) in one pass over the text and
// builds exactly the tree `parseYaml` builds: the same values, ranges, comments and duplicate keys,
// and scalars whose `offsetAt` rebuilds yaml's token from the text and maps it with yaml.ts's own
// `mapScalar`. Its nodes are compact (fast-nodes.ts; scalars build no token until a position is
// asked for): a tree costs about half the memory and garbage-collection time of yaml.ts's. Anything
// outside the subset, and anything yaml would report as an error, makes it give up (`null`), and
// the caller falls back to `parseYaml`: errors and rare syntax (anchors, aliases, complex keys,
// tabs outside comments, CR line ends, several documents, explicit indentation indicators...)
// always take the slow path, so the subset only has to be right, not complete.
// test/fast-path.test.ts checks it against `parseYaml` on every fixture, the real corpus and
// mutated variants of them.

import type { CST } from 'yaml';
import { FastEntry, FastMap, FastScalar, FastSeq } from './fast-nodes.ts';
import type { MapEntry, Node, ScalarNode } from './nodes.ts';
import { firstIndexAtLeast } from './lines.ts';
import { SyntheticScalar, noteKey, type Comment, type DuplicateKey, type ParsedTree } from './tree.ts';
import { mapScalar } from './yaml.ts';
import { SHORT_FORMS } from './short-forms.ts';

/**
 * Far below MAX_DEPTH on purpose: this parser recurses, and no real template nests deeper than
 * about 30 levels. Deeper documents go to the slow path, which enforces the real limit.
 */
const FAST_MAX_DEPTH = 100;

/** yaml refuses implicit keys longer than 1024 characters; stay clear of the boundary. */
const MAX_KEY_LENGTH = 1000;

/**
 * Local tags outside the short forms (`!Rain::Embed file.py`, the Rules section's `!Contains`):
 * yaml cannot resolve them, warns, and composes the node as if untagged, so they leave no trace
 * in the tree and a plain scalar under one stays a string. Only these characters: other tags can
 * be errors or name a type (`!`, `!!str`, `!<...>`, `!e!x`, `%`-escapes), and a trailing `:`
 * reads like a key.
 */
const OTHER_LOCAL_TAG = /^![A-Za-z0-9](?:[A-Za-z0-9:._-]*[A-Za-z0-9._-])?$/;

/**
 * Characters that make the whole file take the slow path: a CR that does not end a line (yaml's
 * rules for it differ by position), the Unicode line and BOM characters yaml treats specially,
 * and control characters yaml rejects. Tabs are allowed in comments only (`checkTabs`).
 */
const UNSUPPORTED_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)/;

const LF = 0x0a;
const SP = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const SQ = 0x27;
const DQ = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

class Unsupported {}
/** Thrown (never escapes this module) when the text leaves the subset. */
const UNSUPPORTED = new Unsupported();

function unsupported(): never {
  throw UNSUPPORTED;
}

/** The tree `parseYaml(text)` would build, or null when the text needs the full parser. */
export function parseYamlFast(text: string): ParsedTree | null {
  if (UNSUPPORTED_CHARACTERS.test(text)) return null;
  try {
    // CRLF text (a Windows checkout) is parsed with LF line ends, then its offsets are moved
    // back over the CRs: yaml reads CRLF as one line break, so values and structure agree.
    if (text.indexOf('\r') === -1) return new FastParser(text, text).parse();
    const tree = new FastParser(text.replaceAll('\r\n', '\n'), text).parse();
    restoreCarriageReturns(tree, text);
    return tree;
  } catch {
    // UNSUPPORTED, or anything unexpected (a deep recursion's RangeError, a bug here): the full
    // parser decides, so a fault here costs time, never a wrong tree. The tests check that
    // templates do take this path.
    return null;
  }
}

/**
 * A scalar as `parseYaml` builds it, from its offsets alone: the style is the first character
 * of its source, and the yaml token `offsetAt` needs is rebuilt from the text on first use.
 * Empty nodes (start === end) have no token and map every index to their start, as in yaml.ts.
 */
function yamlOffsets(source: string, start: number, end: number, expected: string): Int32Array | number | null {
  return start === end ? null : mapScalar(tokenOf(source, start, end), expected);
}

type FastNode = FastScalar | FastMap | FastSeq;

/** The CST token yaml would have made for the scalar at `[start, end)` (the subset's styles). */
function tokenOf(text: string, start: number, end: number): CST.FlowScalar | CST.BlockScalar {
  const c = text.charCodeAt(start);
  if (c === 0x7c /* | */ || c === 0x3e /* > */) {
    const headerEnd = text.charCodeAt(start + 1) === DASH ? start + 2 : start + 1;
    const contentStart = text.indexOf('\n', start) + 1;
    return {
      type: 'block-scalar',
      offset: start,
      // Only explicit indentation reads it, and the subset has none.
      indent: 0,
      props: [
        { type: 'block-scalar-header', offset: start, indent: 0, source: text.slice(start, headerEnd) },
        { type: 'space', offset: headerEnd, indent: 0, source: text.slice(headerEnd, contentStart) },
      ],
      source: text.slice(contentStart, end),
    } as unknown as CST.BlockScalar;
  }
  const type = c === DQ ? 'double-quoted-scalar' : c === SQ ? 'single-quoted-scalar' : 'scalar';
  return { type, offset: start, indent: 0, source: text.slice(start, end) } as CST.FlowScalar;
}

class FastParser {
  private readonly text: string;
  private readonly length: number;
  private readonly comments: Comment[] = [];
  private readonly duplicates: DuplicateKey[] = [];
  /** Start of the line not consumed yet (always a line start, or the text length). */
  private pos = 0;
  /** Filled by `peek`: the first non-space character of the next content line and its column. */
  private contentPos = 0;
  private contentIndent = 0;

  /**
   * @param text What is scanned: the document with LF line ends.
   * @param original The document as read; nodes map positions in it.
   */
  constructor(
    text: string,
    private readonly original: string,
  ) {
    this.text = text;
    this.length = text.length;
  }

  parse(): ParsedTree {
    if (!this.peek(true)) unsupported(); // no document: rare, the slow path knows what yaml does
    if (this.contentIndent === 0 && this.isDocumentMarker(this.contentPos)) {
      if (!this.text.startsWith('---', this.contentPos)) unsupported();
      this.endLine(this.contentPos + 3, true);
      if (!this.peek()) unsupported();
    }
    const c = this.text.charCodeAt(this.contentPos);
    // Directives, and a root that is not a block map, are not templates' business. The root map
    // may sit at any column, as in templates indented as a whole; its lines all sit there.
    if (c === 0x25 /* % */ || !this.isKeyAt(this.contentPos)) unsupported();
    const root = this.blockMap(this.contentIndent, this.contentPos, 1);
    if (this.peek()) unsupported(); // a second document, or content outside the root map
    this.checkTabs();
    return { root, errors: [], duplicateKeys: this.duplicates, comments: this.comments };
  }

  // -------------------------------------------------------------------------------------------
  // Lines

  /**
   * Skips blank and comment-only lines from `pos`, collecting the comments; returns false at the
   * end of the text. Leaves `pos` at the start of the content line.
   */
  private peek(markerOk = false): boolean {
    const text = this.text;
    let p = this.pos;
    while (p < this.length) {
      let q = p;
      while (text.charCodeAt(q) === SP) q++;
      const c = text.charCodeAt(q);
      if (q >= this.length) {
        this.pos = this.length;
        return false;
      }
      if (c === LF) {
        p = q + 1;
        continue;
      }
      if (c === HASH) {
        p = this.comment(q) + 1;
        continue;
      }
      if (q === p && !markerOk && this.isDocumentMarker(p)) unsupported();
      this.pos = p;
      this.contentPos = q;
      this.contentIndent = q - p;
      return true;
    }
    this.pos = this.length;
    return false;
  }

  /**
   * Tabs are common in comments, where they are text, and rare elsewhere, where yaml's rules
   * for them depend on the position (indentation, separation, folding). This parser reads a tab
   * like any other character, so a tree that holds every tab inside a comment is the tree of
   * the same text with those tabs replaced by letters; any other tab leaves the subset.
   */
  private checkTabs(): void {
    const text = this.text;
    let tab = text.indexOf('\t');
    // Comments are collected in text order.
    for (const comment of this.comments) {
      if (tab === -1) return;
      if (tab < comment.range[0]) unsupported();
      while (tab !== -1 && tab < comment.range[1]) tab = text.indexOf('\t', tab + 1);
    }
    if (tab !== -1) unsupported();
  }

  /** `---` or `...` at a line start followed by a space, a line end or the end of the text. */
  private isDocumentMarker(p: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(p);
    if ((c !== DASH && c !== 0x2e) || text.charCodeAt(p + 1) !== c || text.charCodeAt(p + 2) !== c) return false;
    const after = text.charCodeAt(p + 3);
    return p + 3 >= this.length || after === SP || after === LF;
  }

  /** Collects the comment starting at `#` and returns the index of its line end. */
  private comment(at: number): number {
    let end = this.text.indexOf('\n', at);
    if (end === -1) end = this.length;
    this.comments.push({ text: this.text.slice(at + 1, end), range: [at, end] });
    return end;
  }

  /**
   * After a complete value: only spaces and a comment may follow on the line. Consumes the line
   * (`pos` moves to the next line start). `spaced` says whether `p` follows whitespace already,
   * which a `#` needs to start a comment.
   */
  private endLine(p: number, spaced: boolean): void {
    const text = this.text;
    const from = p;
    while (text.charCodeAt(p) === SP) p++;
    if (p >= this.length) {
      this.pos = this.length;
      return;
    }
    const c = text.charCodeAt(p);
    if (c === HASH && (spaced || p > from)) p = this.comment(p);
    else if (c !== LF) unsupported();
    this.pos = p >= this.length ? this.length : p + 1;
  }

  private lineStartOf(p: number): number {
    return this.text.lastIndexOf('\n', p - 1) + 1;
  }

  // -------------------------------------------------------------------------------------------
  // Block collections

  /** A block map whose keys sit at column `indent`; `p` is the first key. */
  private blockMap(indent: number, p: number, depth: number): FastMap {
    if (depth > FAST_MAX_DEPTH) unsupported();
    const start = p;
    const entries: MapEntry[] = [];
    let index: Map<string, ScalarNode> | null = null;
    let end = p;
    for (;;) {
      const key = this.key(p);
      index = noteKey(entries, key, index, this.duplicates);
      const colon = this.keyEnd;
      const value = this.value(colon + 1, indent, depth + 1, true);
      entries.push(new FastEntry(key, value));
      // Block collections end at their last child, as yaml.ts's converter makes them.
      end = Math.max(key.endOffset, value.endOffset);
      if (!this.peek() || this.contentIndent < indent) break;
      if (this.contentIndent > indent) unsupported();
      p = this.contentPos;
      if (!this.isKeyAt(p)) unsupported();
    }
    return new FastMap(entries, start, end, false);
  }

  /** A block sequence whose `-` indicators sit at column `indent`; `p` is the first `-`. */
  private blockSeq(indent: number, p: number, depth: number): FastSeq {
    if (depth > FAST_MAX_DEPTH) unsupported();
    const items: Node[] = [];
    const start = p;
    let end = p;
    for (;;) {
      const item = this.seqItem(p + 1, indent, depth + 1);
      items.push(item);
      end = item.endOffset;
      if (!this.peek() || this.contentIndent < indent) break;
      if (this.contentIndent > indent) unsupported();
      p = this.contentPos;
      if (!this.isSeqIndicator(p)) break; // the parent (a map at this column) takes over
    }
    return new FastSeq(items, start, end);
  }

  private isSeqIndicator(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    const next = this.text.charCodeAt(p + 1);
    return p + 1 >= this.length || next === SP || next === LF;
  }

  /** The item after a `-` at `p - 1`, in a sequence at column `indent`. */
  private seqItem(p: number, indent: number, depth: number): FastNode {
    const text = this.text;
    let q = p;
    while (text.charCodeAt(q) === SP) q++;
    if (q >= this.length || text.charCodeAt(q) === LF || (text.charCodeAt(q) === HASH && q > p)) {
      return this.valueOnNextLines(q, indent, depth, false);
    }
    if (q === p) unsupported(); // `-x` is a plain scalar, never an item; cannot happen here
    if (this.isSeqIndicator(q)) return this.blockSeq(q - this.lineStartOf(q), q, depth);
    if (this.isKeyAt(q)) return this.blockMap(q - this.lineStartOf(q), q, depth);
    return this.inline(q, indent, depth);
  }

  /**
   * The value after the `:` at `p - 1` of a key in a map at column `indent` (or after a tag).
   * `inMap`: a sequence may then start at the key's own column on the next line.
   */
  private value(p: number, indent: number, depth: number, inMap: boolean): FastNode {
    const text = this.text;
    let q = p;
    while (text.charCodeAt(q) === SP) q++;
    const c = text.charCodeAt(q);
    if (q >= this.length || c === LF || (c === HASH && q > p)) return this.valueOnNextLines(q, indent, depth, inMap);
    if (q === p) unsupported(); // `key:x` is not a key; isKeyAt never lets it through
    return this.inline(q, indent, depth, inMap);
  }

  /**
   * Nothing (or a comment) follows the indicator on its line: the node is on the next lines, or
   * it is empty. An empty value sits after the indicator and the spaces that follow it, where
   * yaml places it.
   */
  private valueOnNextLines(q: number, indent: number, depth: number, inMap: boolean): FastNode {
    this.endLine(q, true);
    if (this.peek()) {
      const m = this.contentIndent;
      if (m > indent) return this.blockNode(this.contentPos, m, indent, depth);
      if (m === indent && inMap && this.isSeqIndicator(this.contentPos)) return this.blockSeq(m, this.contentPos, depth);
    }
    return emptyScalar(this.original, q);
  }

  /** A node that starts a line of its own, at column `column`, inside a parent at `indent`. */
  private blockNode(p: number, column: number, indent: number, depth: number): FastNode {
    if (this.isSeqIndicator(p)) return this.blockSeq(column, p, depth);
    if (this.isKeyAt(p)) return this.blockMap(column, p, depth);
    const c = this.text.charCodeAt(p);
    if (c === 0x7c /* | */ || c === 0x3e /* > */) unsupported(); // a block scalar header on its own line
    return this.inline(p, indent, depth);
  }

  // -------------------------------------------------------------------------------------------
  // Keys

  /** Set by `key` and `isKeyAt`: index of the `:` after the key. */
  private keyEnd = 0;

  /**
   * True when the line at `p` starts with an implicit key: a plain or single-line quoted scalar
   * followed by `:` and a space or a line end. Sets `keyEnd`.
   */
  private isKeyAt(p: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(p);
    let q: number;
    if (c === DQ || c === SQ) {
      q = this.quotedEndOnLine(p);
      if (q === -1) return false;
      while (text.charCodeAt(q) === SP) q++;
      if (text.charCodeAt(q) !== COLON) return false;
    } else {
      if (!this.plainStartsAt(p, false)) return false;
      q = p;
      for (;;) {
        const ch = text.charCodeAt(q);
        if (q >= this.length || ch === LF) return false;
        if (ch === COLON) {
          const next = text.charCodeAt(q + 1);
          if (q + 1 >= this.length || next === SP || next === LF) break;
        } else if (ch === HASH && text.charCodeAt(q - 1) === SP) {
          return false;
        }
        q++;
      }
    }
    const next = text.charCodeAt(q + 1);
    if (!(q + 1 >= this.length || next === SP || next === LF)) return false;
    if (q - p > MAX_KEY_LENGTH) unsupported();
    this.keyEnd = q;
    return true;
  }

  /** The key at `p` (isKeyAt has accepted it). Leaves `keyEnd` at its `:`. */
  private key(p: number): FastScalar {
    if (!this.isKeyAt(p)) unsupported();
    const colon = this.keyEnd;
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQ || c === SQ) {
      const end = this.quotedEndOnLine(p);
      const node = c === DQ ? this.doubleQuoted(p, end) : this.singleQuoted(p, end);
      this.keyEnd = colon;
      return node;
    }
    let end = colon;
    while (text.charCodeAt(end - 1) === SP) end--;
    return plainScalar(this.original, p, end, text.slice(p, end));
  }

  /** End (after the closing quote) of a quoted scalar that closes on its own line, or -1. */
  private quotedEndOnLine(p: number): number {
    const text = this.text;
    const quote = text.charCodeAt(p);
    for (let q = p + 1; q < this.length; q++) {
      const ch = text.charCodeAt(q);
      if (ch === LF) return -1;
      if (quote === DQ && ch === BACKSLASH) {
        if (text.charCodeAt(q + 1) === LF) return -1;
        q++;
        continue;
      }
      if (ch === quote) {
        if (quote === SQ && text.charCodeAt(q + 1) === SQ) {
          q++;
          continue;
        }
        return q + 1;
      }
    }
    return -1;
  }

  // -------------------------------------------------------------------------------------------
  // Nodes on the current line

  /** A node starting at `p` on a line whose enclosing block collection sits at `indent`. */
  private inline(p: number, indent: number, depth: number, inMap = false): FastNode {
    const text = this.text;
    const c = text.charCodeAt(p);
    switch (c) {
      case 0x21 /* ! */:
        return this.tagged(p, indent, depth, inMap);
      case DQ:
      case SQ: {
        const node = this.quoted(p, indent);
        this.endLine(node.endOffset, false);
        return node;
      }
      case 0x7c /* | */:
      case 0x3e /* > */:
        return this.blockScalar(p, indent);
      case LBRACKET:
      case LBRACE: {
        const node = this.flow(p, indent, depth);
        this.endLine(node.endOffset, false);
        return node;
      }
      default: {
        if (!this.plainStartsAt(p, false)) unsupported();
        return this.plainMultiline(p, indent);
      }
    }
  }

  /**
   * `!Tag node`: the tree has `{ "Fn::Tag": node }`, its key pointing at the tag, or just the
   * node for a tag that is not a short form. `inMap`: the tag is a map value, whose node may be a
   * sequence at the key's own column.
   */
  private tagged(p: number, indent: number, depth: number, inMap: boolean): FastNode {
    const text = this.text;
    let q = p + 1;
    while (q < this.length) {
      const ch = text.charCodeAt(q);
      if (ch === SP || ch === LF) break;
      q++;
    }
    const tag = text.slice(p, q);
    const fn = SHORT_FORMS.get(tag);
    if (fn === undefined && !OTHER_LOCAL_TAG.test(tag)) unsupported();
    // A short form is a map around its node: one level more.
    const innerDepth = fn === undefined ? depth : depth + 1;
    if (innerDepth > FAST_MAX_DEPTH) unsupported();
    let r = q;
    while (text.charCodeAt(r) === SP) r++;
    let inner: FastNode;
    const c = text.charCodeAt(r);
    if (r >= this.length || c === LF || (c === HASH && r > q)) {
      // The tagged node is on the next lines, or it is empty (`!GetAZs` alone means `!GetAZs ''`).
      this.endLine(r, true);
      const more = this.peek();
      // A tag there would be a second tag of the same node: an error in yaml.
      if (more && text.charCodeAt(this.contentPos) === 0x21 /* ! */) unsupported();
      if (more && this.contentIndent > indent) {
        inner = this.blockNode(this.contentPos, this.contentIndent, indent, innerDepth);
      } else if (more && inMap && this.contentIndent === indent && this.isSeqIndicator(this.contentPos)) {
        // After a key, a sequence at the key's own column is the tagged node (`Fn: !Join` then
        // `- ''`); after a `-`, it is the next item.
        inner = this.blockSeq(indent, this.contentPos, innerDepth);
      } else {
        inner = new FastScalar('', r, r, this.original, yamlOffsets);
      }
    } else {
      if (c === 0x21 /* ! */ || c === 0x26 /* & */ || c === 0x2a /* * */) unsupported();
      if (this.isKeyAt(r)) unsupported(); // `!Tag key: value`: a tagged key or a tagged map
      // The tag decides the type, so a plain scalar stays a string: yaml reads `!Ref 123` as "123".
      inner = this.plainStartsAt(r, false) ? this.plainMultiline(r, indent, false) : this.inline(r, indent, innerDepth);
    }
    if (fn === undefined) return inner;
    return new FastMap([new FastEntry(new SyntheticScalar(fn, [p, q]), inner)], p, inner.endOffset, true);
  }

  // -------------------------------------------------------------------------------------------
  // Scalars

  /**
   * Can a plain scalar start at `p`? Indicators cannot start one, except `-`, `?` and `:` when a
   * "safe" character follows (`-1`, `:x`). In flow context the flow indicators end it too.
   */
  private plainStartsAt(p: number, flow: boolean): boolean {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (p >= this.length) return false;
    switch (c) {
      case DASH:
      case 0x3f /* ? */:
      case COLON: {
        const next = text.charCodeAt(p + 1);
        if (p + 1 >= this.length || next === SP || next === LF) return false;
        return !(flow && (next === COMMA || next === LBRACKET || next === RBRACKET || next === LBRACE || next === RBRACE));
      }
      case COMMA: case LBRACKET: case RBRACKET: case LBRACE: case RBRACE:
      case HASH: case 0x26 /* & */: case 0x2a /* * */: case 0x21 /* ! */: case 0x7c /* | */:
      case 0x3e /* > */: case SQ: case DQ: case 0x25 /* % */: case 0x40 /* @ */: case 0x60 /* ` */:
      case SP: case LF:
        return false;
      default:
        return true;
    }
  }

  /**
   * A plain scalar in block context, possibly continued on more-indented lines. The caller has
   * checked it is not a key; a `: ` inside it is an error yaml reports. `resolve`: false when a
   * tag gives the type, and the text stays a string.
   */
  private plainMultiline(p: number, indent: number, resolve = true): FastScalar {
    const text = this.text;
    let end = this.plainLineEnd(p);
    let multiline = false;
    // Continuation lines: more indented than the parent, not comments, not starting an indicator.
    let next = text.charCodeAt(end) === LF ? end + 1 : -1;
    let afterComment = false;
    {
      let q = end;
      while (text.charCodeAt(q) === SP) q++;
      if (text.charCodeAt(q) === HASH) afterComment = true;
    }
    while (next !== -1 && !afterComment && next < this.length) {
      // Skip empty lines (they fold into line breaks) to the next line with content.
      let lineStart = next;
      let q = lineStart;
      for (;;) {
        while (text.charCodeAt(q) === SP) q++;
        if (q < this.length && text.charCodeAt(q) === LF) {
          lineStart = q + 1;
          q = lineStart;
          continue;
        }
        break;
      }
      if (q >= this.length || q - lineStart <= indent) break;
      const c = text.charCodeAt(q);
      if (c === HASH) break;
      // Any character may start a continuation line except an indicator followed by a space.
      if ((c === DASH || c === 0x3f || c === COLON) && !this.plainStartsAt(q, false)) unsupported();
      if (q - lineStart === 0 && this.isDocumentMarker(q)) unsupported();
      end = this.plainLineEnd(q);
      multiline = true;
      let r = end;
      while (text.charCodeAt(r) === SP) r++;
      if (text.charCodeAt(r) === HASH) afterComment = true;
      next = text.charCodeAt(end) === LF ? end + 1 : -1;
    }
    // `end` is the line end (or comment start) of the last line: trim trailing spaces.
    let valueEnd = end;
    while (valueEnd > p && text.charCodeAt(valueEnd - 1) === SP) valueEnd--;
    const source = text.slice(p, valueEnd);
    const node = plainScalar(this.original, p, valueEnd, multiline ? foldLines(source, 0, source.length, false) : source, resolve);
    this.endLine(valueEnd, false);
    return node;
  }

  /**
   * End of the plain text on the line starting at `p`: the line end, or the space before a
   * comment. A `: ` (a key where none may be) leaves the subset.
   */
  private plainLineEnd(p: number): number {
    const text = this.text;
    let q = p;
    for (;;) {
      if (q >= this.length) return this.length;
      const ch = text.charCodeAt(q);
      if (ch === LF) return q;
      if (ch === HASH && text.charCodeAt(q - 1) === SP) return q;
      if (ch === COLON) {
        const next = text.charCodeAt(q + 1);
        if (q + 1 >= this.length || next === SP || next === LF) unsupported();
      }
      q++;
    }
  }

  /** A quoted scalar at `p`, possibly over several lines indented deeper than `indent`. */
  private quoted(p: number, indent: number): FastScalar {
    const text = this.text;
    const quote = text.charCodeAt(p);
    let q = p + 1;
    for (;;) {
      if (q >= this.length) unsupported();
      const ch = text.charCodeAt(q);
      if (ch === LF) {
        // A continuation line must be indented deeper than the parent and not be a marker.
        let r = q + 1;
        while (text.charCodeAt(r) === SP) r++;
        if (r < this.length && text.charCodeAt(r) !== LF && r - (q + 1) <= indent) unsupported();
        if (r === q + 1 && this.isDocumentMarker(r)) unsupported();
      } else if (quote === DQ && ch === BACKSLASH) {
        // An escaped line break continues the string: the next line is checked like any other.
        if (text.charCodeAt(q + 1) !== LF) q++;
      } else if (ch === quote) {
        if (quote === SQ && text.charCodeAt(q + 1) === SQ) q++;
        else break;
      }
      q++;
    }
    const end = q + 1;
    return quote === DQ ? this.doubleQuoted(p, end) : this.singleQuoted(p, end);
  }

  private singleQuoted(p: number, end: number): FastScalar {
    const text = this.text;
    const source = text.slice(p, end);
    const inner = source.slice(1, -1);
    let value: string;
    if (inner.indexOf('\n') === -1) value = inner.indexOf("'") === -1 ? inner : inner.replaceAll("''", "'");
    else value = foldLines(source, 1, source.length - 1, true);
    return new FastScalar(value, p, end, this.original, yamlOffsets);
  }

  private doubleQuoted(p: number, end: number): FastScalar {
    const source = this.text.slice(p, end);
    const inner = source.slice(1, -1);
    const value = inner.indexOf('\\') === -1 && inner.indexOf('\n') === -1 ? inner : decodeDoubleQuoted(source);
    return new FastScalar(value, p, end, this.original, yamlOffsets);
  }

  /**
   * `|` or `>` with an optional `-` chomping indicator (`+` and explicit indentation go to the
   * slow path). Like yaml's token, the scalar's source runs from the header to the end of its
   * last non-empty line, including that line's break.
   */
  private blockScalar(p: number, indent: number): FastScalar {
    const text = this.text;
    const literal = text.charCodeAt(p) === 0x7c;
    let h = p + 1;
    let strip = false;
    if (text.charCodeAt(h) === DASH) {
      strip = true;
      h++;
    }
    const after = text.charCodeAt(h);
    if (h < this.length && after !== SP && after !== LF) unsupported();
    this.endLine(h, false);
    const contentStart = this.pos;
    if (contentStart >= this.length) unsupported();
    // Leading empty lines, then the first content line fixes the indentation.
    let q = contentStart;
    let maxLeading = 0;
    let contentIndent = -1;
    while (q < this.length) {
      let r = q;
      while (text.charCodeAt(r) === SP) r++;
      if (r < this.length && text.charCodeAt(r) !== LF) {
        contentIndent = r - q;
        break;
      }
      if (r - q > maxLeading) maxLeading = r - q;
      if (r >= this.length) break;
      q = r + 1;
    }
    if (contentIndent <= indent || maxLeading > contentIndent) unsupported(); // empty or ambiguous
    // Content: lines indented at least contentIndent, and empty lines, up to a less-indented one.
    let lastContentEnd = -1; // index of the line end (or text end) of the last non-empty line
    let lastOverIndentedBlank = -1;
    const starts: number[] = [];
    let lineStart = contentStart;
    while (lineStart < this.length) {
      let r = lineStart;
      while (text.charCodeAt(r) === SP) r++;
      const blank = r >= this.length || text.charCodeAt(r) === LF;
      if (!blank && r - lineStart < contentIndent) break;
      if (blank && r - lineStart > contentIndent) lastOverIndentedBlank = lineStart;
      if (!blank && r - lineStart === 0 && this.isDocumentMarker(r)) unsupported();
      let e = blank ? r : text.indexOf('\n', r);
      if (e === -1) e = this.length;
      starts.push(lineStart);
      if (!blank) lastContentEnd = e;
      if (e >= this.length) break;
      lineStart = e + 1;
    }
    // Trailing lines of spaces deeper than the content are content for yaml, with chomping
    // rules of their own: leave them to it. Inside the text they are ordinary lines.
    if (lastOverIndentedBlank > lastContentEnd) unsupported();
    const sourceEnd = lastContentEnd >= this.length ? this.length : lastContentEnd + 1;
    this.pos = sourceEnd;
    // Build the value the way yaml's resolveBlockScalar does for these cases.
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    for (const start of starts) {
      if (start >= sourceEnd) break;
      let lineEnd = text.indexOf('\n', start);
      if (lineEnd === -1) lineEnd = this.length;
      const cs = Math.min(start + contentIndent, lineEnd);
      let r = start;
      while (r < lineEnd && text.charCodeAt(r) === SP) r++;
      if (literal) {
        value += sep + text.slice(cs, lineEnd);
        sep = '\n';
      } else if (r - start > contentIndent) {
        // More indented (a line of spaces only counts too): its line breaks are kept.
        if (sep === ' ') sep = '\n';
        else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
        value += sep + text.slice(cs, lineEnd);
        sep = '\n';
        prevMoreIndented = true;
      } else if (r === lineEnd) {
        if (sep === '\n') value += '\n';
        else sep = '\n';
      } else {
        value += sep + text.slice(cs, lineEnd);
        sep = ' ';
        prevMoreIndented = false;
      }
    }
    if (!strip) value += '\n';
    return new FastScalar(value, p, sourceEnd, this.original, yamlOffsets);
  }

  // -------------------------------------------------------------------------------------------
  // Flow collections

  /** `[...]` or `{...}` at `p`, possibly over lines indented deeper than `indent`. */
  private flow(p: number, indent: number, depth: number, outermost = true): FastNode {
    if (depth > FAST_MAX_DEPTH) unsupported();
    const text = this.text;
    const isMap = text.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    // yaml lets the line that closes the outermost collection sit at the parent's column.
    this.flowClose = outermost ? close : -1;
    const items: Node[] = [];
    const entries: MapEntry[] = [];
    let index: Map<string, ScalarNode> | null = null;
    let q = this.flowSpace(p + 1, indent);
    if (text.charCodeAt(q) === close) {
      q++;
    } else {
      for (;;) {
        if (isMap) {
          const c = text.charCodeAt(q);
          let key: FastScalar;
          if (c === DQ || c === SQ) {
            key = this.quoted(q, indent);
            q = key.endOffset;
          } else {
            if (!this.plainStartsAt(q, true)) unsupported();
            key = this.flowPlain(q);
            q = key.endOffset;
          }
          while (text.charCodeAt(q) === SP) q++;
          if (text.charCodeAt(q) !== COLON) unsupported();
          q = this.flowValueStart(q, c === DQ || c === SQ, close, indent);
          index = noteKey(entries, key, index, this.duplicates);
          const value = this.flowNode(q, indent, depth + 1);
          entries.push(new FastEntry(key, value));
          q = value.endOffset;
        } else {
          const node = this.flowNode(q, indent, depth + 1);
          let colon = node.endOffset;
          while (text.charCodeAt(colon) === SP) colon++;
          if (text.charCodeAt(colon) === COLON) {
            const pair = this.flowPair(q, node, colon, close, indent, depth + 1);
            items.push(pair);
            q = pair.endOffset;
          } else {
            items.push(node);
            q = node.endOffset;
          }
        }
        q = this.flowSpace(q, indent);
        const c = text.charCodeAt(q);
        if (c === COMMA) {
          q = this.flowSpace(q + 1, indent);
          if (text.charCodeAt(q) === close) {
            q++; // a trailing comma
            break;
          }
          continue;
        }
        if (c === close) {
          q++;
          break;
        }
        unsupported();
      }
    }
    return isMap ? new FastMap(entries, p, q, false) : new FastSeq(items, p, q);
  }

  /**
   * After the `:` at `colon` of a flow map entry or a flow sequence pair: where the value starts.
   * A quoted key may be followed by its `:` and value without a space, JSON-like.
   */
  private flowValueStart(colon: number, quotedKey: boolean, close: number, indent: number): number {
    const next = this.text.charCodeAt(colon + 1);
    if (!quotedKey && next !== SP && next !== LF) unsupported();
    const q = this.flowSpace(colon + 1, indent);
    const v = this.text.charCodeAt(q);
    if (v === COMMA || v === close) unsupported(); // an empty value
    return q;
  }

  /**
   * `key: value` as an item of a flow sequence (`Fn::If: [Cond, Ref: A, Ref: B]`): yaml makes it
   * a map of one entry, ranging from the key to the end of the value. `key` is the node parsed at
   * `p`; only an untagged scalar on one line is a key here, as yaml requires for these pairs.
   */
  private flowPair(p: number, key: FastNode, colon: number, close: number, indent: number, depth: number): FastMap {
    if (!(key instanceof FastScalar) || key.startOffset !== p || depth + 1 > FAST_MAX_DEPTH) unsupported();
    const lineEnd = this.text.indexOf('\n', p);
    if ((lineEnd !== -1 && lineEnd < colon) || colon - p > MAX_KEY_LENGTH) unsupported();
    const c = this.text.charCodeAt(p);
    const value = this.flowNode(this.flowValueStart(colon, c === DQ || c === SQ, close, indent), indent, depth + 1);
    return new FastMap([new FastEntry(key, value)], p, value.endOffset, false);
  }

  /** A node inside a flow collection; its range end is where scanning continues. */
  private flowNode(p: number, indent: number, depth: number): FastNode {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === LBRACKET || c === LBRACE) {
      const saved = this.flowClose;
      const node = this.flow(p, indent, depth, false);
      this.flowClose = saved;
      return node;
    }
    if (c === DQ || c === SQ) return this.quoted(p, indent);
    if (c === 0x21 /* ! */) {
      let q = p + 1;
      while (q < this.length) {
        const ch = text.charCodeAt(q);
        if (ch === SP || ch === LF || ch === COMMA || ch === LBRACKET || ch === RBRACKET || ch === LBRACE || ch === RBRACE) break;
        q++;
      }
      const tag = text.slice(p, q);
      const fn = SHORT_FORMS.get(tag);
      if (fn === undefined && !OTHER_LOCAL_TAG.test(tag)) unsupported();
      const innerDepth = fn === undefined ? depth : depth + 1;
      if (text.charCodeAt(q) !== SP || innerDepth > FAST_MAX_DEPTH) unsupported();
      let r = q;
      while (text.charCodeAt(r) === SP) r++;
      const n = text.charCodeAt(r);
      if (n === LF || n === HASH || n === COMMA || n === RBRACKET || n === RBRACE || n === 0x21 || n === 0x26 || n === 0x2a) unsupported();
      const inner = this.plainStartsAt(r, true) ? this.flowPlain(r, false) : this.flowNode(r, indent, innerDepth);
      if (fn === undefined) return inner;
      return new FastMap([new FastEntry(new SyntheticScalar(fn, [p, q]), inner)], p, inner.endOffset, true);
    }
    if (!this.plainStartsAt(p, true)) unsupported();
    return this.flowPlain(p);
  }

  /**
   * A plain scalar inside a flow collection: one line, up to an indicator that ends it.
   * `resolve` as for `plainMultiline`.
   */
  private flowPlain(p: number, resolve = true): FastScalar {
    const text = this.text;
    let q = p;
    for (;;) {
      if (q >= this.length) unsupported();
      const ch = text.charCodeAt(q);
      if (ch === COMMA || ch === LBRACKET || ch === RBRACKET || ch === LBRACE || ch === RBRACE || ch === LF) break;
      if (ch === HASH && text.charCodeAt(q - 1) === SP) break;
      if (ch === COLON) {
        const next = text.charCodeAt(q + 1);
        if (next === SP || next === LF || next === COMMA || next === LBRACKET || next === RBRACKET || next === LBRACE || next === RBRACE) break;
      }
      q++;
    }
    let end = q;
    while (end > p && text.charCodeAt(end - 1) === SP) end--;
    if (text.charCodeAt(q) === LF || (text.charCodeAt(q) === HASH)) {
      // A plain scalar continued on the next line folds; only allow it to end here.
      let r = q;
      if (text.charCodeAt(r) === HASH) r = this.text.indexOf('\n', r);
      if (r === -1) unsupported();
      r++;
      while (text.charCodeAt(r) === SP || text.charCodeAt(r) === LF) r++;
      const c = text.charCodeAt(r);
      if (c !== COMMA && c !== RBRACKET && c !== RBRACE && c !== COLON && c !== HASH) unsupported();
    }
    return plainScalar(this.original, p, end, text.slice(p, end), resolve);
  }

  /** The closing indicator that may start a line at the parent's column, or -1. */
  private flowClose = -1;

  /**
   * Spaces, line breaks and comments between flow tokens. Continuation lines must be indented
   * deeper than the enclosing block collection, except the one that closes the outermost
   * collection, which may sit at its column.
   */
  private flowSpace(p: number, indent: number): number {
    const text = this.text;
    for (;;) {
      const ch = text.charCodeAt(p);
      if (ch === SP) {
        p++;
      } else if (ch === LF) {
        let r = p + 1;
        while (text.charCodeAt(r) === SP) r++;
        if (r >= this.length) unsupported();
        const column = r - (p + 1);
        const ch2 = text.charCodeAt(r);
        if (ch2 !== LF && (column < indent || (column === indent && ch2 !== this.flowClose))) unsupported();
        p = r;
      } else if (ch === HASH) {
        const prev = text.charCodeAt(p - 1);
        if (prev !== SP && prev !== LF) unsupported();
        p = this.comment(p);
      } else {
        if (p >= this.length) unsupported();
        return p;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scalar helpers


/** An empty node: yaml's null scalar with no source token. */
function emptyScalar(original: string, at: number): FastScalar {
  return new FastScalar(null, at, at, original, yamlOffsets);
}

/**
 * A plain scalar `[start, end)` whose decoded text is `decoded`, typed by the core schema unless
 * `resolve` is false (a tag gave the type).
 */
function plainScalar(original: string, start: number, end: number, decoded: string, resolve = true): FastScalar {
  return new FastScalar(resolve ? resolvePlain(decoded) : decoded, start, end, original, yamlOffsets);
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** YAML 1.2 core schema resolution of a plain scalar, in the order yaml tries the tags. */
export function resolvePlain(s: string): string | number | boolean | null {
  const c = s.charCodeAt(0);
  // Most plain scalars start with a letter that no core type can start with.
  if (s.length === 0) return null;
  if (c === 0x7e /* ~ */ || c === 0x6e /* n */ || c === 0x4e /* N */) return NULL.test(s) ? null : s;
  if (c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46 /* t T f F */) return BOOL.test(s) ? c === 0x74 || c === 0x54 : s;
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === DASH || c === 0x2e)) return s;
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

/**
 * Plain and single-quoted line folding over `src[from, to)`: the first line loses trailing
 * spaces, middle lines both ends, the last line its leading spaces; one line break becomes a
 * space, each empty line a newline. `sq` also turns `''` into `'`.
 */
function foldLines(src: string, from: number, to: number, sq: boolean): string {
  const unquote = (s: string): string => (sq && s.indexOf("''") !== -1 ? s.replaceAll("''", "'") : s);
  const lines = src.slice(from, to).split('\n');
  let out = unquote(lines[0]!.replace(/ +$/, ''));
  let sep = ' ';
  for (let i = 1; i < lines.length; i++) {
    const last = i === lines.length - 1;
    // Only spaces fold away: String#trim would also eat NBSP and other Unicode spaces.
    const line = last ? lines[i]!.replace(/^ +/, '') : lines[i]!.replace(/^ +| +$/g, '');
    if (line === '' && !last) {
      if (sep === '\n') out += '\n';
      else sep = '\n';
      continue;
    }
    out += sep + unquote(line);
    sep = ' ';
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

/** yaml's double-quoted decoding, for the subset: an unknown or short escape leaves it. */
function decodeDoubleQuoted(src: string): string {
  let out = '';
  const last = src.length - 1;
  for (let i = 1; i < last; ++i) {
    const ch = src[i]!;
    if (ch === '\n') {
      let k = i;
      let folded = false;
      for (let c = src[k + 1]; c === ' ' || c === '\n'; c = src[k + 1]) {
        if (c === '\n') {
          out += '\n';
          folded = true;
        }
        k++;
      }
      if (!folded) out += ' ';
      i = k;
    } else if (ch === '\\') {
      const next = src[++i];
      const simple = next === undefined ? undefined : ESCAPES[next];
      if (simple !== undefined) out += simple;
      else if (next === '\n') {
        while (src[i + 1] === ' ') i++;
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = src.substr(i + 1, length);
        if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw UNSUPPORTED;
        const code = parseInt(hex, 16);
        // Surrogates and out-of-range code points: yaml's handling differs by version.
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw UNSUPPORTED;
        out += String.fromCodePoint(code);
        i += length;
      } else {
        throw UNSUPPORTED; // an invalid escape is an error in yaml
      }
    } else if (ch === ' ') {
      const ws = i;
      while (src[i + 1] === ' ') i++;
      if (src[i + 1] !== '\n') out += src.slice(ws, i + 1);
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * Moves every offset of a tree parsed from `original` with its CRLFs turned into LFs back to
 * `original`: an offset moves by the number of CRs before it. Runs once per CRLF document.
 */
function restoreCarriageReturns(tree: ParsedTree, original: string): void {
  // LF-text index of each line break that was a CRLF: the k-th CRLF's LF sits at (its CR) - k.
  const breaks: number[] = [];
  for (let i = original.indexOf('\r'), k = 0; i !== -1; i = original.indexOf('\r', i + 1), k++) breaks.push(i - k);
  const move = (offset: number): number => offset + firstIndexAtLeast(breaks, offset);
  const stack: Node[] = tree.root ? [tree.root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node instanceof FastScalar || node instanceof FastMap || node instanceof FastSeq) {
      node.startOffset = move(node.startOffset);
      node.endOffset = move(node.endOffset);
    }
    if (node.kind === 'map') {
      for (const entry of node.entries as { key: ScalarNode; value: Node }[]) {
        // Tag keys are yaml.ts's SyntheticScalar, whose range is fixed: make a moved one.
        if (entry.key instanceof SyntheticScalar) entry.key = new SyntheticScalar(entry.key.value as string, [move(entry.key.range[0]), move(entry.key.range[1])]);
        else stack.push(entry.key);
        stack.push(entry.value);
      }
    } else if (node.kind === 'seq') {
      for (const item of node.items) stack.push(item);
    }
  }
  for (const comment of tree.comments) comment.range = [move(comment.range[0]), move(comment.range[1])];
}
