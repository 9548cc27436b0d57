/**
 * SQL for `photos` (migration 006): uploads, attaching them to a review (at most 4, the member's own),
 * reading them back for reviews and for serving, and deleting uploads nobody attached.
 *
 * Bytes travel as base64 text (`decode($n, 'base64')`, `encode(…, 'base64')`): PGlite's own bytea
 * parameter and result conversion takes seconds for a few megabytes, base64 a few dozen milliseconds;
 * on PostgreSQL it is also smaller on the wire than bytea's hex text form.
 */
import type { Photo } from '../../../src/core/types.js';
import { MAX_REVIEW_PHOTOS } from '../../../src/core/types.js';
import { forbidden, invalidField, notFound } from '../errors.js';
import type { Queryable } from './database.js';

/** Where a photo is served, relative to the API base (`data-api`), so it works wherever that is. */
export function photoUrls(site: string, id: string): Pick<Photo, 'url' | 'thumbnailUrl'> {
  const query = `?site=${encodeURIComponent(site)}`;
  return { url: `photos/${id}${query}`, thumbnailUrl: `photos/${id}/thumbnail${query}` };
}

interface PhotoRow {
  id: string;
  width: number;
  height: number;
  alt: string | null;
}

function photoFrom(site: string, row: PhotoRow): Photo {
  return {
    id: row.id,
    ...photoUrls(site, row.id),
    width: Number(row.width),
    height: Number(row.height),
    ...(row.alt && { alt: row.alt }),
  };
}

export interface NewPhoto {
  site: string;
  id: string;
  member: string;
  contentType: string;
  image: Uint8Array;
  thumbnail: Uint8Array;
  width: number;
  height: number;
  alt: string | null;
}

export async function insertPhoto(db: Queryable, photo: NewPhoto): Promise<Photo> {
  await db.query(
    `INSERT INTO photos (site, id, member, content_type, image, thumbnail, width, height, alt)
     VALUES ($1, $2, $3, $4, decode($5, 'base64'), decode($6, 'base64'), $7, $8, $9)`,
    [
      photo.site,
      photo.id,
      photo.member,
      photo.contentType,
      Buffer.from(photo.image).toString('base64'),
      Buffer.from(photo.thumbnail).toString('base64'),
      photo.width,
      photo.height,
      photo.alt,
    ],
  );
  return photoFrom(photo.site, photo);
}

const TOO_MANY = `At most ${MAX_REVIEW_PHOTOS} photos per review.`;
const NOT_YOURS = 'A photo is not one of your uploads, or its upload expired: upload it again.';
const ELSEWHERE = 'A photo is already attached to another review.';

/**
 * Makes `photoIds` (in this order) the review's photos, detaching the ones it had that are not listed.
 * Each must be an upload of `member` not attached to another review; at most 4, none twice; the review
 * must be `member`'s. Runs in the caller's transaction, under a lock on the review (concurrent
 * replacements take turns). Refusals are 400s on the field `photoIds`.
 */
export async function attachPhotos(
  db: Queryable,
  site: string,
  member: string,
  reviewId: string,
  photoIds: string[],
): Promise<void> {
  if (photoIds.length > MAX_REVIEW_PHOTOS) throw invalidField('photoIds', TOO_MANY);
  if (new Set(photoIds).size !== photoIds.length) {
    throw invalidField('photoIds', 'A photo is listed twice.');
  }
  const review = await db.query<{ author: string }>(
    'SELECT author FROM reviews WHERE site = $1 AND id = $2 FOR NO KEY UPDATE',
    [site, reviewId],
  );
  if (!review.rows.length) throw notFound('This review does not exist.');
  if (review.rows[0]!.author !== member) {
    throw forbidden('Photos can only be added to your own review.');
  }
  if (photoIds.length) {
    const { rows } = await db.query<{ id: string; member: string; review_id: string | null }>(
      `SELECT id, member, review_id FROM photos WHERE site = $1 AND id = ANY ($2::text[])
       ORDER BY id FOR NO KEY UPDATE`,
      [site, photoIds],
    );
    const found = new Map(rows.map((row) => [row.id, row]));
    for (const id of photoIds) {
      const photo = found.get(id);
      if (!photo || photo.member !== member) throw invalidField('photoIds', NOT_YOURS);
      if (photo.review_id !== null && photo.review_id !== reviewId) {
        throw invalidField('photoIds', ELSEWHERE);
      }
    }
  }
  // Detach all, then attach in order: positions never collide on the way (the unique constraint
  // on (site, review_id, position) is checked row by row).
  await db.query(
    'UPDATE photos SET review_id = NULL, position = NULL WHERE site = $1 AND review_id = $2',
    [site, reviewId],
  );
  if (!photoIds.length) return;
  await db.query(
    `UPDATE photos AS p SET review_id = $2, position = t.n - 1
     FROM unnest($3::text[]) WITH ORDINALITY AS t (id, n)
     WHERE p.site = $1 AND p.id = t.id`,
    [site, reviewId, photoIds],
  );
}

/** The photos of each review, in order; every review asked for has an entry (maybe empty). */
export async function photosForReviews(
  db: Queryable,
  site: string,
  reviewIds: string[],
): Promise<Map<string, Photo[]>> {
  const byReview = new Map<string, Photo[]>(reviewIds.map((id) => [id, []]));
  if (!reviewIds.length) return byReview;
  const { rows } = await db.query<PhotoRow & { review_id: string }>(
    `SELECT review_id, id, width, height, alt FROM photos
     WHERE site = $1 AND review_id = ANY ($2::text[])
     ORDER BY review_id, position`,
    [site, reviewIds],
  );
  for (const row of rows) byReview.get(row.review_id)?.push(photoFrom(site, row));
  return byReview;
}

export type PhotoVariant = 'image' | 'thumbnail';

/** Only constant SQL: the column is chosen here, never from input. */
const FILE_SQL: Record<PhotoVariant, string> = {
  image: `SELECT p.content_type, CASE WHEN $3 THEN encode(p.image, 'base64') END AS data`,
  thumbnail: `SELECT p.content_type, CASE WHEN $3 THEN encode(p.thumbnail, 'base64') END AS data`,
};

/**
 * A photo's image or thumbnail, if it may be shown: unattached (its uploader previews it; ids are
 * unguessable) or attached to a visible review. The bytes only when `withBytes`; `null` when there is
 * no such photo to show.
 */
export async function selectPhotoFile(
  db: Queryable,
  site: string,
  id: string,
  variant: PhotoVariant,
  withBytes: boolean,
): Promise<{ contentType: string; bytes: Uint8Array | null } | null> {
  const { rows } = await db.query<{ content_type: string; data: string | null }>(
    `${FILE_SQL[variant]}
     FROM photos p LEFT JOIN reviews r ON r.site = p.site AND r.id = p.review_id
     WHERE p.site = $1 AND p.id = $2 AND (p.review_id IS NULL OR r.visibility = 'visible')`,
    [site, id, withBytes],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    contentType: row.content_type,
    bytes: row.data === null ? null : Buffer.from(row.data, 'base64'),
  };
}

/** Deletes uploads never attached (or detached) that are older than `hours`; returns how many. */
export async function deleteUnattachedPhotos(db: Queryable, hours = 24): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM photos WHERE review_id IS NULL AND created_at < now() - make_interval(hours => $1)`,
    [hours],
  );
  return rowCount;
}
