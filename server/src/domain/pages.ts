/** Page cursors: opaque to clients. `s.<seq>` continues a sorted list after a row; `o.<n>` skips n. */
import type { Page } from '../../../src/core/types.js';
import { invalidField } from '../errors.js';

export type Cursor = { kind: 'after'; seq: string } | { kind: 'offset'; offset: number };

export function parseCursor(value: string | null | undefined, field: string): Cursor | null {
  if (value === undefined || value === null || value === '') return null;
  const after = /^s\.(\d{1,18})$/.exec(value);
  if (after) return { kind: 'after', seq: after[1]! };
  const offset = /^o\.(\d{1,9})$/.exec(value);
  if (offset) return { kind: 'offset', offset: Number(offset[1]) };
  throw invalidField(field, 'Unknown cursor.');
}

export const afterCursor = (seq: string): string => `s.${seq}`;
export const offsetCursor = (offset: number): string => `o.${offset}`;

export function offsetOf(cursor: Cursor | null, field: string): number {
  if (cursor === null) return 0;
  if (cursor.kind !== 'offset') throw invalidField(field, 'Unknown cursor.');
  return cursor.offset;
}

export interface ListPosition {
  /** Keyset lists: the `seq` of the last row of the previous page. */
  afterSeq: string | null;
  /** Offset lists: how many rows the previous pages showed. */
  offset: number;
}

/** Where a list continues: sorted lists after a row (keyset), searched or time-weighted ones by offset. */
export function listPosition(value: string | null | undefined, byOffset: boolean): ListPosition {
  const cursor = parseCursor(value, 'cursor');
  if (byOffset) return { afterSeq: null, offset: offsetOf(cursor, 'cursor') };
  if (cursor?.kind === 'after') return { afterSeq: cursor.seq, offset: 0 };
  if (cursor) throw invalidField('cursor', 'Unknown cursor.');
  return { afterSeq: null, offset: 0 };
}

/**
 * A page from a list read with one row more than `limit` (which tells whether more follow); keyset
 * lists give the rows' `seqs`.
 */
export function pageOf<T>(
  read: { items: T[]; seqs?: string[]; total: number },
  limit: number,
  position: ListPosition,
  byOffset: boolean,
): Page<T> {
  let nextCursor: string | null = null;
  if (read.items.length > limit)
    nextCursor = byOffset
      ? offsetCursor(position.offset + limit)
      : afterCursor(read.seqs![limit - 1]!);
  return { items: read.items.slice(0, limit), nextCursor, total: read.total };
}
