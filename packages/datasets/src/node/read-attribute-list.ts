import { DataFormatError } from '@limit/core';
import { isRenderableAttribute } from '../limit-text.js';
import { utf8Lines } from './read-jsonl.js';

/**
 * Reads an attribute vocabulary for `generateLimitDataset({ attributes })`: one item per line,
 * UTF-8, surrounding spaces trimmed, a final newline optional. The official release's attribute
 * list, or any other, can be used this way.
 *
 * @param file path of the text file.
 * @returns the items in file order.
 * @throws DataFormatError naming the file and 1-based line: a blank line, an item with a comma or
 *   starting or ending with "and", an item listed twice (case-insensitive; the message names the
 *   first line), invalid UTF-8, or a missing/unreadable file or a folder (line 0); an empty file
 *   (line 0).
 * @example
 * const attributes = await readAttributeList('my-items.txt');
 * generateLimitDataset({ size: 'small', attributes });
 */
export async function readAttributeList(file: string): Promise<string[]> {
  const items: string[] = [];
  const firstLine = new Map<string, number>();
  let pendingBlank = 0;
  for await (const { text, line } of utf8Lines(file)) {
    const item = text.trim();
    if (item === '') {
      pendingBlank ||= line;
      continue;
    }
    if (pendingBlank) throw new DataFormatError({ file, line: pendingBlank, message: 'blank line (one item per line, no blank lines)' });
    if (!isRenderableAttribute(item)) {
      throw new DataFormatError({ file, line, message: `item ${JSON.stringify(item)} must not contain a comma or start or end with "and"` });
    }
    const key = item.toLowerCase();
    const seen = firstLine.get(key);
    if (seen !== undefined) throw new DataFormatError({ file, line, message: `${JSON.stringify(item)} is listed twice (first on line ${seen})` });
    firstLine.set(key, line);
    items.push(item);
  }
  if (pendingBlank && items.length > 0) throw new DataFormatError({ file, line: pendingBlank, message: 'blank line at the end (one item per line, no blank lines)' });
  if (items.length === 0) throw new DataFormatError({ file, line: 0, message: 'the file lists no items' });
  return items;
}
