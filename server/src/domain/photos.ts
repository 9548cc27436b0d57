/**
 * Review photos. An upload is checked in this order — size, file name, type by its first bytes (the
 * declared type is ignored; SVG refused by name), decodable within a pixel budget — and then
 * re-encoded with sharp: turned upright by its EXIF orientation, every piece of metadata dropped
 * (EXIF with GPS, XMP, IPTC, ICC: the pixels are converted to sRGB), at most 2048 px on its longest
 * side, in its own format (a GIF becomes a PNG of its first frame), plus a WebP thumbnail of at most
 * 320 px. Only the re-encoded bytes are stored, so nothing the member's file carried reaches a reader.
 * Attaching photos to a review is `attachPhotos` of db/photos.ts, called by the review's write.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Sharp from 'sharp';
import { isAcceptableFileName, sniffImageType } from '../../../src/core/image-type.js';
import type { PhotoType } from '../../../src/core/image-type.js';
import { MAX_PHOTO_BYTES, type Photo } from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import { insertEvent } from '../db/events.js';
import * as photosDb from '../db/photos.js';
import type { PhotoVariant } from '../db/photos.js';
import { ApiError, notFound } from '../errors.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

/** An upload counts as this many writes against the rate limits (decoding and encoding cost). */
export const UPLOAD_WRITE_COST = 3;
/** The whole multipart request: the file plus room for the form's other parts and boundaries. */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_PHOTO_BYTES + 64 * 1024;
/** Longest side of a stored photo, and of its thumbnail. */
const MAX_SIDE = 2048;
const THUMBNAIL_SIDE = 320;
const THUMBNAIL_TYPE = 'image/webp';
/** Larger images are refused before they are decoded (decompression bombs). */
const MAX_INPUT_PIXELS = 40_000_000;
/** A stuck decode must not hold a worker for long. */
const ENCODE_TIMEOUT_SECONDS = 30;

const NOT_FOUND = 'This photo does not exist.';

export interface Upload {
  bytes: Uint8Array;
  fileName: string;
  alt: string | undefined;
}

/** The validated form, read. */
export async function receiveUpload(form: {
  file: File;
  alt?: string | undefined;
}): Promise<Upload> {
  return {
    bytes: new Uint8Array(await form.file.arrayBuffer()),
    fileName: form.file.name,
    alt: form.alt,
  };
}

/** What the Idempotency-Key's request hash covers: the file's bytes and the description. */
export function fingerprintOf(upload: Upload): { sha256: string; alt: string | null } {
  return {
    sha256: createHash('sha256').update(upload.bytes).digest('base64url'),
    alt: upload.alt ?? null,
  };
}

const fileError = (message: string, status = 400): ApiError =>
  new ApiError(status, 'validation', message, { fields: { file: message } });

/** 413, for a file (or a whole request) over the limit. */
export const photoTooLarge = (): ApiError =>
  fileError(`The photo is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB.`, 413);

/** The checks that need no decoding, in the documented order; the photo's type when they pass. */
export function checkUpload(upload: Upload): PhotoType {
  if (upload.bytes.length > MAX_PHOTO_BYTES) throw photoTooLarge();
  if (upload.bytes.length === 0) throw fileError('The file is empty.');
  if (!isAcceptableFileName(upload.fileName)) {
    throw fileError('The file name contains characters that are not allowed (such as < > ").');
  }
  const type = sniffImageType(upload.bytes);
  if (type === 'image/svg+xml') {
    throw fileError('SVG images are not accepted (they can contain scripts): use PNG or JPEG.');
  }
  if (type === null) throw fileError('This is not a JPEG, PNG, WebP or GIF image.');
  return type;
}

interface Encoded {
  contentType: PhotoType;
  image: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

const SHARP_FORMAT: Record<PhotoType, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

let sharpLoading: Promise<typeof Sharp> | undefined;

/** sharp loads on the first upload (the server starts without it), with its cache off. */
function loadSharp(): Promise<typeof Sharp> {
  return (sharpLoading ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false); // uploads are never decoded twice; keep no decoded images around
    return sharp;
  }));
}

const UNREADABLE = 'This image could not be read: it may be damaged or incomplete.';
const TOO_MANY_PIXELS = `This image has too many pixels (at most ${MAX_INPUT_PIXELS / 1e6} megapixels).`;

/** Re-encodes the photo (see the module comment); 400 when it cannot be decoded. */
async function reencode(bytes: Uint8Array, type: PhotoType): Promise<Encoded> {
  const sharp = await loadSharp();
  // failOn 'warning': a truncated or corrupt file is refused, not stored half grey. Only the first
  // frame of an animation is read.
  const input = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' });
  try {
    const meta = await input.metadata();
    if (meta.format !== SHARP_FORMAT[type]) throw fileError(UNREADABLE);
    if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_INPUT_PIXELS) throw fileError(TOO_MANY_PIXELS);
    // Without withMetadata/keep*, sharp writes no EXIF, XMP, IPTC or ICC, and converts to sRGB.
    const upright = input
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .timeout({ seconds: ENCODE_TIMEOUT_SECONDS });
    const { output, contentType } = encodeAs(upright, type);
    const { data: image, info } = await output.toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(image)
      .resize({
        width: THUMBNAIL_SIDE,
        height: THUMBNAIL_SIDE,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 80 })
      .timeout({ seconds: ENCODE_TIMEOUT_SECONDS })
      .toBuffer();
    return { contentType, image, thumbnail, width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw fileError(TOO_MANY_PIXELS);
    }
    throw fileError(UNREADABLE);
  }
}

/** The same format family; GIFs become PNGs of their first frame (no animation is kept). */
function encodeAs(
  image: Sharp.Sharp,
  type: PhotoType,
): { output: Sharp.Sharp; contentType: PhotoType } {
  switch (type) {
    case 'image/jpeg':
      return { output: image.jpeg({ quality: 85, mozjpeg: true }), contentType: type };
    case 'image/webp':
      return { output: image.webp({ quality: 85 }), contentType: type };
    case 'image/png':
    case 'image/gif':
      return { output: image.png(), contentType: 'image/png' };
  }
}

/** `ph_` + 24 base64url characters (144 random bits): unguessable, as serving relies on it. */
function newPhotoId(): string {
  return `ph_${randomBytes(18).toString('base64url')}`;
}

/**
 * Stores a member's photo (not yet attached to anything) with its `photo.uploaded` event; 201 with
 * the `Photo`. Decoding and encoding happen before the transaction; nothing is stored on a refusal.
 */
export async function uploadPhoto(ctx: WriteContext, upload: Upload): Promise<WriteOutcome<Photo>> {
  const encoded = await reencode(upload.bytes, checkUpload(upload));
  const site = ctx.site.id;
  return performWrite(ctx, 201, async (tx) => {
    const id = newPhotoId();
    const photo = await photosDb.insertPhoto(tx, {
      site,
      id,
      member: ctx.member.id,
      ...encoded,
      alt: upload.alt ?? null,
    });
    await insertEvent(tx, {
      site,
      type: 'photo.uploaded',
      actor: ctx.member.id,
      targetType: 'member',
      targetId: ctx.member.id,
      payload: {
        photoId: id,
        contentType: encoded.contentType,
        width: encoded.width,
        height: encoded.height,
        bytes: encoded.image.length,
      },
    });
    return photo;
  });
}

/** Fixed per photo and variant: the stored bytes never change. */
export function etagOf(id: string, variant: PhotoVariant): string {
  return variant === 'image' ? `"${id}"` : `"${id}.thumbnail"`;
}

const EXTENSION: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export interface PhotoFile {
  contentType: string;
  /** `null` when not asked for (the client's copy is current). */
  bytes: Uint8Array | null;
  /** For "Save as…": `ph_….jpg`. */
  fileName: string;
}

/**
 * A photo's image or thumbnail for serving: an unattached upload, or one of a visible review; 404
 * otherwise (unknown id, or its review is hidden, held or deleted).
 */
export async function readPhoto(
  db: Queryable,
  site: string,
  id: string,
  variant: PhotoVariant,
  withBytes: boolean,
): Promise<PhotoFile> {
  const file = await photosDb.selectPhotoFile(db, site, id, variant, withBytes);
  if (!file) throw notFound(NOT_FOUND);
  const contentType = variant === 'image' ? file.contentType : THUMBNAIL_TYPE;
  const name = variant === 'image' ? id : `${id}-thumbnail`;
  return { contentType, bytes: file.bytes, fileName: `${name}.${EXTENSION[contentType]}` };
}
