import { BadRequestException } from '@nestjs/common';
import { problem } from '@rep-hub/platform';

/** Keyset cursors: the sort key of a page's last row, opaque to the browser (as the API's cursors). */
export function encodeCursor(key: [string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')) return v as [string, string];
  } catch {
    /* fall through */
  }
  throw new BadRequestException(problem(400, 'The page link is not one from this list.'));
}
