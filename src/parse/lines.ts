// Offset -> line/column conversion.
//
// Line breaks are `\n` and `\r\n` only. A lone `\r` is NOT a break: yaml's lexer and LineCounter
// treat it as an ordinary character, and @eslint/plugin-kit's TextSourceCodeBase splits on
// /\r?\n/ by default. Counting it would make our line numbers disagree with both the parser
// that decided the structure and the ESLint integration.

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

/** The index of the first element of ascending `sorted` that is at least `value` (its length when none is). */
export function firstIndexAtLeast(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class LineIndex {
  private readonly text: string;
  private readonly length: number;
  /**
   * Built on first use: most documents of a large run never place a finding, and a run keeps
   * every document in memory (docs/performance.md).
   */
  private lineStarts: Int32Array | undefined = undefined;

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
  }

  private get starts(): Int32Array {
    if (this.lineStarts === undefined) {
      // Counted first, so the table is filled in place rather than built as an array and copied.
      let count = 1;
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) count++;
      const starts = new Int32Array(count);
      let line = 1;
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts[line++] = i + 1;
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offsets outside the text are clamped to it. */
  position(offset: number): Position {
    const o = offset < 0 ? 0 : offset > this.length ? this.length : offset;
    const starts = this.starts;
    // The last line start at or before `o` (the first, 0, always is).
    const index = firstIndexAtLeast(starts, o + 1) - 1;
    return { line: index + 1, column: o - starts[index]! + 1 };
  }

  /** Inverse of `position`; columns past the end of a line are clamped to the text length only. */
  offset(line: number, column: number): number {
    const l = line < 1 ? 1 : line > this.starts.length ? this.starts.length : line;
    const o = this.starts[l - 1]! + (column < 1 ? 0 : column - 1);
    return o > this.length ? this.length : o;
  }
}
