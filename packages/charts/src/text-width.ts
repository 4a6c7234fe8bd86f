import { DEJAVU_SANS_BOLD_WIDTHS, DEJAVU_SANS_WIDTHS } from './font-widths.js';

/** Width of a character the table does not hold, in ems (about DejaVu Sans' average lower-case advance). */
const FALLBACK_EM = { regular: 0.62, bold: 0.72 } as const;

/**
 * Width of a line of text in DejaVu Sans, the font the charts name first and the Node renderer draws with:
 * the sum of the glyph advances (no kerning) × font size. Browser-safe; used to wrap subtitles and to lay
 * out labels before vega runs, and by `renderChart` as vega's text measure in Node (where vega has no canvas).
 *
 * @param text - one line of text.
 * @param fontSize - in pixels.
 * @param bold - DejaVu Sans Bold instead of the regular face.
 * @returns the width in pixels.
 * @example
 * ```ts
 * textWidth('d = 4', 11); // ≈ 30.8
 * ```
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? DEJAVU_SANS_BOLD_WIDTHS : DEJAVU_SANS_WIDTHS;
  const fallback = bold ? FALLBACK_EM.bold : FALLBACK_EM.regular;
  let thousandths = 0;
  for (const ch of text) thousandths += table[ch] ?? fallback * 1000;
  return (thousandths / 1000) * fontSize;
}

/**
 * Breaks text into lines no wider than `maxWidth` pixels (measured with {@link textWidth}), at spaces; a
 * single word wider than the line stays whole on its own line.
 *
 * @param text - the text (existing line breaks are kept).
 * @param maxWidth - line width in pixels.
 * @param fontSize - in pixels.
 * @param bold - measure the bold face.
 * @returns the lines, none empty (an empty text gives no lines).
 * @example
 * ```ts
 * wrapText('our cubic fit not drawn: 5 distinct d for 4 parameters leave 1 residual degree of freedom', 200, 11);
 * ```
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (line !== '' && textWidth(candidate, fontSize, bold) > maxWidth) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    if (line !== '') lines.push(line);
  }
  return lines;
}
