/** Page cursors: opaque to clients. `s.<seq>` continues a sorted list after a row; `o.<n>` skips n. */
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
