/**
 * What an uploaded file is, by its first bytes (magic numbers), never by its name or declared type:
 * the server and the memory adapter both decide with this before decoding anything.
 */

/** The image types Kith accepts for photos. */
export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';

/** `svg` is named so that it can be refused with its own message (it can carry script). */
export type SniffedType = PhotoType | 'image/svg+xml' | null;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Reads at most the first 512 bytes. */
/* @__NO_SIDE_EFFECTS__ */
export function sniffImageType(bytes: Uint8Array): SniffedType {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  // SVG is text: skip a byte-order mark and whitespace, then look for an XML or <svg opening.
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<') && /<svg[\s>]/.test(head))) {
    return 'image/svg+xml';
  }
  return null;
}

/**
 * A file name fit to be shown back to a member: refused (`false`) when it holds markup or control
 * characters, as in `<script>.jpg`. Kith never stores the name; it only checks it.
 */
/* @__NO_SIDE_EFFECTS__ */
export function isAcceptableFileName(name: string): boolean {
  return name.length <= 255 && !/[<>"`\u0000-\u001f\u007f]/.test(name);
}
