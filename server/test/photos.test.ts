/**
 * Review photos on PGlite and on a throwaway PostgreSQL: uploads (checks in order, re-encoding that
 * drops EXIF/GPS, limits), serving (headers, thumbnails, 304, hidden reviews), attaching to reviews
 * (db/photos.ts `attachPhotos`, `photosForReviews`) and the janitor's clean-up. Images are made with
 * sharp here, so the test knows what went in.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import sharp from 'sharp';
import { MAX_PHOTO_BYTES, type Photo } from '../../src/core/types.js';
import type { Database } from '../src/db/database.js';
import { attachPhotos, deleteUnattachedPhotos, photosForReviews } from '../src/db/photos.js';
import { ApiError } from '../src/errors.js';
import {
  HIGH_LIMITS,
  SITE,
  client,
  countRows,
  openTestDatabase,
  resetDatabase,
  token,
  type Client,
  type Reply,
  type TestDatabase,
} from './helpers.js';

interface FilePart {
  bytes: Uint8Array;
  name: string;
  type: string;
}

/** The EXIF tag that points at the GPS IFD (0x8825), little-endian as sharp writes it. */
const GPS_POINTER = Buffer.from([0x25, 0x88]);

interface Images {
  /** 3000×2000, EXIF orientation 6 (so 2000×3000 upright), EXIF with GPS, XMP, an ICC profile. */
  jpeg: Buffer;
  /** 600×400, no metadata: the cheap photo for tests about something else. */
  small: Buffer;
  png: Buffer;
  webp: Buffer;
  gif: Buffer;
  /** 8000×6000 of one colour: small as a file, 48 megapixels decoded. */
  bomb: Buffer;
}

async function makeImages(): Promise<Images> {
  // Noise, so that the JPEG is far larger than the 64 KB JSON limit and compresses like a photo.
  const noise = (width: number, height: number, channels: 3 | 4) =>
    sharp(randomBytes(width * height * channels), { raw: { width, height, channels } });
  const jpeg = await noise(3000, 2000, 3)
    .jpeg({ quality: 90 })
    .withMetadata({
      orientation: 6,
      exif: {
        IFD0: { Make: 'KithCam', Copyright: 'Ada' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '51/1 30/1 0/1',
          GPSLongitudeRef: 'W',
          GPSLongitude: '0/1 7/1 0/1',
        },
      },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>',
    )
    .toBuffer();
  const small = await noise(600, 400, 3).jpeg().toBuffer();
  const png = await noise(400, 300, 4).png().toBuffer();
  const webp = await noise(500, 500, 3).webp().toBuffer();
  const gif = await sharp({
    create: { width: 100, height: 80, channels: 4, background: { r: 0, g: 200, b: 0, alpha: 1 } },
  })
    .gif()
    .toBuffer();
  const bomb = await sharp({
    create: { width: 8000, height: 6000, channels: 3, background: { r: 255, g: 255, b: 255 } },
  })
    .png()
    .toBuffer();
  return { jpeg, small, png, webp, gif, bomb };
}

/** A multipart body as a browser sends it (with its Content-Length). */
async function multipart(
  file: FilePart | null,
  alt?: string,
): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string }> {
  const form = new FormData();
  if (file)
    form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  if (alt !== undefined) form.append('alt', alt);
  const encoded = new Response(form);
  return {
    body: new Uint8Array(await encoded.arrayBuffer()),
    contentType: encoded.headers.get('content-type')!,
  };
}

function photoSuite(name: string, open: () => Promise<TestDatabase>) {
  describe(`photos on ${name}`, () => {
    let handle: TestDatabase;
    let db: Database;
    let api: Client;
    let ada: string;
    let ben: string;
    let images: Images;

    before(async () => {
      [handle, images, ada, ben] = await Promise.all([
        open(),
        makeImages(),
        token('m_ada'),
        token('m_ben'),
      ]);
      db = handle.db;
      api = client(db);
    });
    after(async () => {
      await handle?.close();
    });
    beforeEach(async () => {
      await resetDatabase(db);
    });

    const jpegFile = (): FilePart => ({
      bytes: images.jpeg,
      name: 'IMG_0001.JPG',
      type: 'image/jpeg',
    });
    const smallFile = (): FilePart => ({
      bytes: images.small,
      name: 'small.jpg',
      type: 'image/jpeg',
    });

    async function send(
      tok: string | null,
      file: FilePart | null,
      options: { alt?: string; key?: string; headers?: Record<string, string> } = {},
    ): Promise<Reply> {
      const { body, contentType } = await multipart(file, options.alt);
      const headers: Record<string, string> = {
        'content-type': contentType,
        'content-length': String(body.length),
        ...options.headers,
      };
      if (tok) headers.authorization = `Bearer ${tok}`;
      if (options.key) headers['idempotency-key'] = options.key;
      return parse(
        await api.app.request(`/v1/uploads?site=${SITE}`, { method: 'POST', headers, body }),
      );
    }

    async function parse(res: Response): Promise<Reply> {
      const bytes = Buffer.from(await res.arrayBuffer());
      const json = /json/.test(res.headers.get('content-type') ?? '');
      return {
        status: res.status,
        body: json ? JSON.parse(bytes.toString()) : bytes,
        headers: res.headers,
      };
    }

    async function upload(tok: string, file: FilePart = smallFile(), alt?: string) {
      const res = await send(tok, file, alt === undefined ? {} : { alt });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as Photo;
    }

    /** GET of a URL relative to the API base, as the REST adapter resolves it. */
    async function fetchRelative(
      url: string,
      headers: Record<string, string> = {},
    ): Promise<Reply> {
      const resolved = new URL(url, 'https://community.example/v1/');
      return parse(await api.app.request(resolved.pathname + resolved.search, { headers }));
    }

    async function insertReview(id: string, author: string, product = 'sku-1'): Promise<void> {
      await db.query(
        `INSERT INTO members (site, id, name) VALUES ($1, $2, $2) ON CONFLICT DO NOTHING`,
        [SITE, author],
      );
      await db.query(`INSERT INTO products (site, id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        SITE,
        product,
      ]);
      await db.query(
        `INSERT INTO reviews (site, id, product, author, rating, body, body_html)
         VALUES ($1, $2, $3, $4, 5, 'Good.', '<p>Good.</p>')`,
        [SITE, id, product, author],
      );
    }

    const attach = (member: string, reviewId: string, ids: string[]) =>
      db.transaction((tx) => attachPhotos(tx, SITE, member, reviewId, ids));

    async function refusesAttach(
      member: string,
      reviewId: string,
      ids: string[],
      message: RegExp,
    ): Promise<void> {
      await assert.rejects(attach(member, reviewId, ids), (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 400);
        assert.equal(error.code, 'validation');
        assert.match(error.fields?.photoIds ?? '', message);
        return true;
      });
    }

    // ---- uploads -----------------------------------------------------------------------------

    it('re-encodes a JPEG upright, without EXIF, GPS, XMP or ICC, at most 2048 px', async () => {
      const input = await sharp(images.jpeg).metadata();
      assert.equal(input.orientation, 6);
      assert.ok(input.exif && input.exif.includes(GPS_POINTER), 'the upload carries GPS tags');
      assert.ok(input.xmp && input.icc, 'the upload carries XMP and an ICC profile');
      assert.ok(images.jpeg.length > 64 * 1024, 'larger than the JSON limit');

      const photo = await upload(ada, jpegFile(), '  A boot on a bench  ');
      assert.match(photo.id, /^ph_[A-Za-z0-9_-]{24}$/);
      assert.equal(photo.url, `photos/${photo.id}?site=${SITE}`);
      assert.equal(photo.thumbnailUrl, `photos/${photo.id}/thumbnail?site=${SITE}`);
      assert.deepEqual([photo.width, photo.height], [1365, 2048]); // 2000×3000 upright, scaled
      assert.equal(photo.alt, 'A boot on a bench');

      const served = await fetchRelative(photo.url);
      assert.equal(served.status, 200);
      assert.equal(served.headers.get('content-type'), 'image/jpeg');
      const out = await sharp(served.body).metadata();
      assert.equal(out.format, 'jpeg');
      assert.deepEqual([out.width, out.height], [1365, 2048]);
      assert.equal(out.exif, undefined, 'no EXIF (so no GPS)');
      assert.equal(out.xmp, undefined);
      assert.equal(out.icc, undefined);
      assert.equal(out.orientation, undefined);
      assert.equal(out.space, 'srgb');
      assert.equal(served.body.includes(Buffer.from('KithCam')), false);

      const stored = await db.query<{ n: number }>(
        'SELECT byte_size AS n FROM photos WHERE id = $1',
        [photo.id],
      );
      assert.equal(Number(stored.rows[0]!.n), served.body.length);

      const { rows } = await db.query<{
        actor: string;
        target_type: string;
        target_id: string;
        payload: { photoId: string };
      }>(
        `SELECT actor, target_type, target_id, payload FROM community_events WHERE type = 'photo.uploaded'`,
      );
      assert.equal(rows.length, 1);
      assert.deepEqual(
        [rows[0]!.actor, rows[0]!.target_type, rows[0]!.target_id, rows[0]!.payload.photoId],
        ['m_ada', 'member', 'm_ada', photo.id],
      );
    });

    it('serves photos inert, cacheable and embeddable from other origins; thumbnails ≤ 320 px WebP', async () => {
      const photo = await upload(ada, jpegFile());
      for (const [url, type] of [
        [photo.url, 'image/jpeg'],
        [photo.thumbnailUrl, 'image/webp'],
      ] as const) {
        // No token: an <img> on the vendor's page sends none.
        const res = await fetchRelative(url);
        assert.equal(res.status, 200, url);
        assert.equal(res.headers.get('content-type'), type);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; sandbox");
        assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
        assert.match(res.headers.get('content-disposition') ?? '', /^inline\b/);
        assert.equal(res.headers.get('cache-control'), 'public, max-age=86400');
        const tag = res.headers.get('etag');
        assert.ok(tag);
        const again = await fetchRelative(url, { 'if-none-match': tag });
        assert.equal(again.status, 304);
        assert.equal(again.body.length, 0);
      }
      const thumb = await sharp((await fetchRelative(photo.thumbnailUrl)).body).metadata();
      assert.equal(thumb.format, 'webp');
      assert.deepEqual([thumb.width, thumb.height], [213, 320]);
      assert.equal(thumb.exif, undefined);

      const unknown = await api.request('GET', '/v1/photos/ph_AAAAAAAAAAAAAAAAAAAAAAAA');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, 'not-found');
      const unknownThumb = await api.request('GET', '/v1/photos/nope/thumbnail');
      assert.equal(unknownThumb.status, 404);
      const otherSite = await api.app.request(`/v1/photos/${photo.id}?site=elsewhere`);
      assert.equal(otherSite.status, 404);
    });

    it('keeps the format family: PNG → PNG (with alpha), WebP → WebP, GIF → PNG of its first frame', async () => {
      const cases: [FilePart, string, string, [number, number]][] = [
        [{ bytes: images.png, name: 'a.png', type: 'image/png' }, 'image/png', 'png', [400, 300]],
        [
          { bytes: images.webp, name: 'b.webp', type: 'image/webp' },
          'image/webp',
          'webp',
          [500, 500],
        ],
        [{ bytes: images.gif, name: 'c.gif', type: 'image/gif' }, 'image/png', 'png', [100, 80]],
      ];
      for (const [file, type, format, size] of cases) {
        const photo = await upload(ada, file);
        assert.deepEqual([photo.width, photo.height], size, file.name);
        assert.equal(photo.alt, undefined);
        const res = await fetchRelative(photo.url);
        assert.equal(res.headers.get('content-type'), type, file.name);
        const meta = await sharp(res.body).metadata();
        assert.equal(meta.format, format);
        if (file.name === 'a.png') assert.equal(meta.hasAlpha, true);
        const thumb = await sharp((await fetchRelative(photo.thumbnailUrl)).body).metadata();
        assert.equal(thumb.format, 'webp');
        assert.ok(Math.max(thumb.width!, thumb.height!) <= 320);
      }
    });

    it('refuses what is not a photo, each with its own message on `file`, storing nothing', async () => {
      const svg = Buffer.from(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      );
      const corrupt = Buffer.from(images.jpeg.subarray(0, images.jpeg.length / 2));
      const cases: [string, FilePart | null, RegExp][] = [
        ['no file', null, /choose a photo/i],
        ['SVG', { bytes: svg, name: 'logo.svg', type: 'image/svg+xml' }, /SVG/],
        ['SVG renamed .jpg', { bytes: svg, name: 'photo.jpg', type: 'image/jpeg' }, /SVG/],
        [
          'text declared as JPEG',
          { bytes: Buffer.from('just some text\n'), name: 'notes.jpg', type: 'image/jpeg' },
          /not a JPEG, PNG, WebP or GIF/,
        ],
        ['empty', { bytes: new Uint8Array(0), name: 'e.jpg', type: 'image/jpeg' }, /empty/],
        [
          'truncated JPEG',
          { bytes: corrupt, name: 'half.jpg', type: 'image/jpeg' },
          /damaged or incomplete/,
        ],
        [
          'JPEG magic, then garbage',
          {
            bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(5000)]),
            name: 'x.jpg',
            type: 'image/jpeg',
          },
          /damaged or incomplete/,
        ],
        [
          '48 megapixels',
          { bytes: images.bomb, name: 'big.png', type: 'image/png' },
          /too many pixels/,
        ],
        [
          'script in the file name',
          { bytes: images.jpeg, name: '<script>alert(1)</script>.jpg', type: 'image/jpeg' },
          /file name/,
        ],
      ];
      for (const [label, file, message] of cases) {
        const res = await send(ada, file);
        assert.equal(res.status, 400, `${label}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, 'validation', label);
        assert.match(
          res.body.error.fields?.file ?? '',
          message,
          `${label}: ${res.body.error.message}`,
        );
      }
      assert.equal(await countRows(db, 'photos'), 0);
      assert.equal(await countRows(db, 'community_events'), 0);
    });

    it('refuses a file over 8 MB with 413, with or without a Content-Length, storing nothing', async () => {
      const big = Buffer.alloc(MAX_PHOTO_BYTES + 1);
      images.jpeg.copy(big); // a JPEG's first bytes: the size is checked first
      const file = { bytes: big, name: 'big.jpg', type: 'image/jpeg' };
      const res = await send(ada, file);
      assert.equal(res.status, 413);
      assert.equal(res.body.error.code, 'validation');
      assert.match(res.body.error.fields.file, /larger than 8 MB/);

      // Streamed (no Content-Length): read only up to the request's limit, then refused.
      const { body, contentType } = await multipart({
        ...file,
        bytes: Buffer.alloc(12 * 1024 * 1024),
      });
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= body.length) return controller.close();
          const chunk = body.subarray(sent, sent + 256 * 1024);
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const streamed = await parse(
        await api.app.request(`/v1/uploads?site=${SITE}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ada}`, 'content-type': contentType },
          body: stream,
          duplex: 'half',
        } as RequestInit),
      );
      assert.equal(streamed.status, 413);
      assert.match(streamed.body.error.fields.file, /larger than 8 MB/);
      assert.ok(sent < body.length, 'the rest of the body was never read');

      // A whole request over the limit is refused from its Content-Length alone.
      const declared = await api.app.request(`/v1/uploads?site=${SITE}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ada}`,
          'content-type': contentType,
          'content-length': String(20 * 1024 * 1024),
        },
        body: new Uint8Array(10),
      });
      assert.equal(declared.status, 413);
      assert.equal(await countRows(db, 'photos'), 0);
    });

    it('needs a member token (401), multipart (415) and a short alt text', async () => {
      const anonymous = await send(null, smallFile());
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.body.error.code, 'unauthorized');

      const json = await api.request('POST', '/v1/uploads', { token: ada, body: { file: 'x' } });
      assert.equal(json.status, 415);
      assert.match(json.body.error.message, /multipart\/form-data/);

      const long = await send(ada, smallFile(), { alt: 'x'.repeat(201) });
      assert.equal(long.status, 400);
      assert.match(long.body.error.fields.alt, /At most 200/);
      assert.equal(await countRows(db, 'photos'), 0);
    });

    it('answers a retry with the same Idempotency-Key with the same photo, once stored', async () => {
      const first = await send(ada, smallFile(), { key: 'up-1', alt: 'Boot' });
      assert.equal(first.status, 201);
      const retry = await send(ada, smallFile(), { key: 'up-1', alt: 'Boot' });
      assert.equal(retry.status, 201);
      assert.equal(retry.headers.get('idempotency-replayed'), 'true');
      assert.deepEqual(retry.body, first.body);
      assert.equal(await countRows(db, 'photos'), 1);
      const other = await send(
        ada,
        { bytes: images.png, name: 'a.png', type: 'image/png' },
        { key: 'up-1', alt: 'Boot' },
      );
      assert.equal(other.status, 409);
      assert.equal(await countRows(db, 'photos'), 1);
    });

    it('counts an upload as 3 writes against the rate limit', async () => {
      assert.equal((await send(ada, smallFile())).status, 201);
      const { rows } = await db.query<{ n: number }>(
        'SELECT sum(count)::int AS n FROM rate_limit_counters WHERE bucket = $1',
        [`w:m:${SITE}:m_ada`],
      );
      assert.equal(Number(rows[0]!.n), 3);

      // Two writes a minute leave room for an answer, not for an upload.
      await resetDatabase(db, { rateLimits: { ...HIGH_LIMITS, writesPerMinutePerMember: 2 } });
      const limited = await send(ada, smallFile());
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, 'rate-limited');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal(await countRows(db, 'photos'), 0);
    });

    it('describes the routes in /v1/openapi.json, the upload as multipart', async () => {
      const doc = await api.request('GET', '/v1/openapi.json');
      const upload = doc.body.paths['/v1/uploads'].post;
      const form = upload.requestBody.content['multipart/form-data'].schema;
      assert.equal(form.$ref, '#/components/schemas/PhotoUpload');
      const schema = doc.body.components.schemas.PhotoUpload;
      assert.deepEqual(schema.required, ['file']);
      assert.equal(schema.properties.file.format, 'binary');
      assert.ok(upload.responses['201'] && upload.responses['413']);
      assert.ok(doc.body.paths['/v1/photos/{id}'].get.responses['200'].content['image/jpeg']);
      assert.ok(doc.body.paths['/v1/photos/{id}/thumbnail'].get);
    });

    // ---- attaching to reviews ------------------------------------------------------------------

    it('attaches up to 4 of the member’s own uploads to their review, in order, replacing the earlier ones', async () => {
      const [p1, p2, p3] = [
        await upload(ada),
        await upload(ada, undefined, 'Side'),
        await upload(ada),
      ];
      await insertReview('r_1', 'm_ada');
      await attach('m_ada', 'r_1', [p2.id, p1.id]);
      let photos = await photosForReviews(db, SITE, ['r_1', 'r_none']);
      assert.deepEqual(
        photos.get('r_1')!.map((p) => [p.id, p.alt]),
        [
          [p2.id, 'Side'],
          [p1.id, undefined],
        ],
      );
      assert.deepEqual(photos.get('r_none'), []);
      assert.deepEqual(photos.get('r_1')![0], p2, 'the same Photo as the upload answered');

      // Replacing: p1 stays (now second), p2 is detached, p3 comes first.
      await attach('m_ada', 'r_1', [p3.id, p1.id]);
      photos = await photosForReviews(db, SITE, ['r_1']);
      assert.deepEqual(
        photos.get('r_1')!.map((p) => p.id),
        [p3.id, p1.id],
      );
      const detached = await db.query<{ review_id: string | null }>(
        'SELECT review_id FROM photos WHERE id = $1',
        [p2.id],
      );
      assert.equal(detached.rows[0]!.review_id, null);

      await attach('m_ada', 'r_1', []);
      assert.deepEqual((await photosForReviews(db, SITE, ['r_1'])).get('r_1'), []);
    });

    it('refuses other members’ photos, a fifth photo, duplicates and photos of another review', async () => {
      const mine = [];
      for (let i = 0; i < 5; i++)
        mine.push((await upload(ada, { bytes: images.gif, name: 'g.gif', type: 'image/gif' })).id);
      const bens = (await upload(ben, { bytes: images.gif, name: 'g.gif', type: 'image/gif' })).id;
      await insertReview('r_1', 'm_ada');
      await insertReview('r_2', 'm_ada', 'sku-2');
      await insertReview('r_ben', 'm_ben');

      await refusesAttach('m_ada', 'r_1', [mine[0]!, bens], /not one of your uploads/);
      await refusesAttach('m_ada', 'r_1', mine, /At most 4 photos/);
      await refusesAttach('m_ada', 'r_1', [mine[0]!, mine[0]!], /listed twice/);
      await refusesAttach(
        'm_ada',
        'r_1',
        ['ph_doesnotexistdoesnotexist'],
        /not one of your uploads/,
      );
      assert.equal(await countRows(db, 'photos', 'review_id IS NOT NULL'), 0, 'nothing attached');

      await attach('m_ada', 'r_1', mine.slice(0, 4));
      await refusesAttach(
        'm_ada',
        'r_2',
        [mine[4]!, mine[0]!],
        /already attached to another review/,
      );
      // Someone else's review.
      await assert.rejects(attach('m_ada', 'r_ben', [mine[4]!]), { status: 403 });
      await assert.rejects(attach('m_ada', 'r_missing', []), { status: 404 });
      assert.equal((await photosForReviews(db, SITE, ['r_1'])).get('r_1')!.length, 4);

      // The database holds the line even without attachPhotos: positions 0–3, each once.
      await assert.rejects(
        db.query(`UPDATE photos SET review_id = 'r_1', position = 4 WHERE id = $1`, [mine[4]!]),
        { code: '23514' },
      );
      await assert.rejects(
        db.query(`UPDATE photos SET review_id = 'r_1', position = 0 WHERE id = $1`, [mine[4]!]),
        { code: '23505' },
      );
    });

    it('serves a review’s photos only while the review is visible; deleting it unattaches them', async () => {
      const attached = await upload(ada);
      const loose = await upload(ada);
      await insertReview('r_1', 'm_ada');
      await attach('m_ada', 'r_1', [attached.id]);
      assert.equal((await fetchRelative(attached.url)).status, 200);

      for (const visibility of ['hidden', 'held', 'deleted']) {
        await db.query('UPDATE reviews SET visibility = $1 WHERE id = $2', [visibility, 'r_1']);
        for (const url of [attached.url, attached.thumbnailUrl]) {
          const res = await fetchRelative(url, { 'if-none-match': `"${attached.id}"` });
          assert.equal(res.status, 404, `${visibility}: ${url}`);
          assert.equal(res.body.error.code, 'not-found');
        }
      }
      assert.equal((await fetchRelative(loose.url)).status, 200, 'unattached uploads are served');

      await db.query('UPDATE reviews SET visibility = $1 WHERE id = $2', ['visible', 'r_1']);
      assert.equal((await fetchRelative(attached.url)).status, 200);
      await db.query(`DELETE FROM reviews WHERE id = 'r_1'`);
      const { rows } = await db.query<{ review_id: string | null }>(
        'SELECT review_id FROM photos WHERE id = $1',
        [attached.id],
      );
      assert.equal(rows[0]!.review_id, null);
    });

    it('deletes uploads left unattached for a day, and only those', async () => {
      const [old, oldAttached, recent] = [await upload(ada), await upload(ada), await upload(ada)];
      await insertReview('r_1', 'm_ada');
      await attach('m_ada', 'r_1', [oldAttached.id]);
      await db.query(
        `UPDATE photos SET created_at = now() - interval '25 hours' WHERE id = ANY ($1::text[])`,
        [[old.id, oldAttached.id]],
      );
      assert.equal(await deleteUnattachedPhotos(db), 1);
      const { rows } = await db.query<{ id: string }>('SELECT id FROM photos ORDER BY id');
      assert.deepEqual(rows.map((r) => r.id).sort(), [oldAttached.id, recent.id].sort());
    });

    it('keeps a review at 4 photos when replacements race', async () => {
      const ids = [];
      for (let i = 0; i < 8; i++)
        ids.push((await upload(ada, { bytes: images.gif, name: 'g.gif', type: 'image/gif' })).id);
      await insertReview('r_1', 'm_ada');
      await Promise.all([
        attach('m_ada', 'r_1', ids.slice(0, 4)),
        attach('m_ada', 'r_1', ids.slice(4)),
      ]);
      const photos = (await photosForReviews(db, SITE, ['r_1'])).get('r_1')!;
      assert.equal(photos.length, 4);
      const sets = [ids.slice(0, 4), ids.slice(4)].map((s) => JSON.stringify(s));
      assert.ok(
        sets.includes(JSON.stringify(photos.map((p) => p.id))),
        'one of the two lists, whole',
      );
    });
  });
}

photoSuite('PGlite', () => openTestDatabase('pglite'));
photoSuite('PostgreSQL', () => openTestDatabase('postgres'));
