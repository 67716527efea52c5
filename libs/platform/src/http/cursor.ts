import { BadRequestException } from '@nestjs/common';
import { problem } from './problem-details';

/** Keyset cursors: the sort key of a page's last row, opaque to clients (API and web pages alike). */
export function encodeCursor(key: [string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key of a cursor made by encodeCursor, or 400 with `message`. */
export function decodeCursor(cursor: string, message = 'cursor is not a nextCursor from this list.'): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')) return v as [string, string];
  } catch {
    /* fall through */
  }
  throw new BadRequestException(problem(400, message));
}
