/**
 * The memory adapter's photo uploads in real Chromium: the server's checks, re-encoding through a
 * canvas (EXIF and GPS gone, at most 2048 px, thumbnails at most 320 px), IndexedDB storage that
 * survives a reload, `blob:` URLs made again by the next adapter, and photos attached to reviews.
 */
import { expect } from '@open-wc/testing';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory.js';
import { ValidationError } from '../../src/core/errors.js';
import { MAX_PHOTO_BYTES, type Photo } from '../../src/core/types.js';
import { memoryStorage, readOne } from '../support/memory-adapter.js';
import { memberToken } from '../support/tokens.js';

const ada = memberToken({ aud: 'test', sub: 'm_ada', name: 'Ada' });
const ben = memberToken({ aud: 'test', sub: 'm_ben', name: 'Ben' });
const ctx = (token: string) => ({ token, idempotencyKey: crypto.randomUUID() });

/** A GPS position written into the test image's EXIF, to look for afterwards. */
const GPS_MARKER = 'GPS 51.5007N 0.1246W KITH-MARKER';
const TINY_GIF = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * An APP1 segment as a camera writes one: `Exif\0\0`, a big-endian TIFF header, IFD0 with one entry
 * (0x8825, the GPS IFD pointer) and a GPS IFD with GPSLatitudeRef "N", then the marker text.
 */
function exifSegment(): Uint8Array {
  const tiff = [
    ...ascii('MM'), 0x00, 0x2a, 0, 0, 0, 8, // header, IFD0 at 8
    0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0, // IFD0: GPS IFD at 26
    0, 1, 0, 1, 0, 2, 0, 0, 0, 2, ...ascii('N'), 0, 0, 0, 0, 0, 0, 0, // GPS IFD: latitude ref N
    ...ascii(GPS_MARKER),
  ]; // prettier-ignore
  const payload = [...ascii('Exif'), 0, 0, ...tiff];
  const length = payload.length + 2;
  return new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff, ...payload]);
}

/** A camera-like JPEG of `width`×`height`: a canvas JPEG with the EXIF segment put after SOI. */
async function cameraJpeg(width: number, height: number, name = 'camera.jpg'): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#3a7';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#c33';
  context.fillRect(0, 0, width / 2, height / 2);
  const plain = new Uint8Array(
    await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer(),
  );
  const withExif = new Uint8Array([
    ...plain.subarray(0, 2),
    ...exifSegment(),
    ...plain.subarray(2),
  ]);
  return new File([withExif], name, { type: 'image/jpeg' });
}

/** The APP1 segments of a JPEG that start with `Exif` (segments up to the start of scan). */
function exifSegments(bytes: Uint8Array): number {
  let found = 0;
  for (let at = 2; at + 4 <= bytes.length && bytes[at] === 0xff;) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda) break;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const head = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (marker === 0xe1 && head === 'Exif') found++;
    at += 2 + length;
  }
  return found;
}

const contains = (bytes: Uint8Array, text: string) =>
  new TextDecoder('latin1').decode(bytes).includes(text);

async function fetched(url: string): Promise<{ blob: Blob; bytes: Uint8Array }> {
  const blob = await (await fetch(url)).blob();
  return { blob, bytes: new Uint8Array(await blob.arrayBuffer()) };
}

async function size(url: string): Promise<[number, number]> {
  const bitmap = await createImageBitmap((await fetched(url)).blob);
  return [bitmap.width, bitmap.height];
}

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'rejected').to.be.instanceOf(ValidationError);
  return error as ValidationError;
}

describe('memory adapter photos', () => {
  const storage = memoryStorage();
  let storageKey: string;
  const adapters: MemoryAdapter[] = [];
  const adapter = () => {
    const made = createMemoryAdapter({ site: 'test', storage, storageKey });
    adapters.push(made);
    return made;
  };

  beforeEach(() => {
    storageKey = `kith-memory:photos-${crypto.randomUUID()}`;
  });

  afterEach(() => {
    for (const made of adapters.splice(0)) made.reset(); // forgets the state and the images
  });

  it('re-encodes a camera JPEG without its EXIF/GPS segment, at most 2048 px', async () => {
    const file = await cameraJpeg(3000, 1500);
    const original = new Uint8Array(await file.arrayBuffer());
    expect(exifSegments(original), 'the test image has EXIF').to.equal(1);
    expect(contains(original, GPS_MARKER)).to.equal(true);

    const photo = await adapter().reviews.uploadPhoto(file, ctx(ada), { alt: 'Green and red' });
    expect(photo.id).to.match(/^ph_/);
    expect(photo.url).to.match(/^blob:/);
    expect(photo.thumbnailUrl).to.match(/^blob:/);
    expect([photo.width, photo.height, photo.alt]).to.deep.equal([2048, 1024, 'Green and red']);

    const { blob, bytes } = await fetched(photo.url);
    expect(blob.type).to.equal('image/jpeg');
    expect(bytes[0], 'SOI').to.equal(0xff);
    expect(exifSegments(bytes), 'no Exif APP1 segment').to.equal(0);
    expect(contains(bytes, 'Exif')).to.equal(false);
    expect(contains(bytes, GPS_MARKER)).to.equal(false);
    expect(await size(photo.url)).to.deep.equal([2048, 1024]);
    expect(await size(photo.thumbnailUrl)).to.deep.equal([320, 160]);
    expect(exifSegments((await fetched(photo.thumbnailUrl)).bytes)).to.equal(0);
  });

  it('keeps a small image’s size and makes a GIF a PNG', async () => {
    const small = await adapter().reviews.uploadPhoto(await cameraJpeg(300, 200), ctx(ada));
    expect([small.width, small.height]).to.deep.equal([300, 200]);
    expect(await size(small.thumbnailUrl)).to.deep.equal([300, 200]);

    const gif = Uint8Array.from(atob(TINY_GIF), (c) => c.charCodeAt(0));
    const converted = await adapter().reviews.uploadPhoto(new File([gif], 'dot.gif'), ctx(ada));
    expect((await fetched(converted.url)).blob.type).to.equal('image/png');
    expect([converted.width, converted.height]).to.deep.equal([1, 1]);
  });

  it('refuses SVG (also named .png), other files, oversized files and unsafe names', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const reviews = adapter().reviews;
    for (const file of [
      new File([svg], 'drawing.svg', { type: 'image/svg+xml' }),
      new File([svg], 'innocent.png', { type: 'image/png' }),
    ]) {
      const error = await rejection(reviews.uploadPhoto(file, ctx(ada)));
      expect(error.message).to.match(/SVG/);
      expect(Object.keys(error.fields)).to.deep.equal(['file']);
    }
    const text = await rejection(reviews.uploadPhoto(new File(['hello'], 'a.jpg'), ctx(ada)));
    expect(text.message).to.match(/not a JPEG, PNG, WebP or GIF/);

    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    big.set([0xff, 0xd8, 0xff]);
    const oversized = await rejection(reviews.uploadPhoto(new File([big], 'big.jpg'), ctx(ada)));
    expect(oversized.message).to.match(/8 MB/);

    const named = await rejection(
      reviews.uploadPhoto(await cameraJpeg(10, 10, '<img src=x onerror=alert(1)>.jpg'), ctx(ada)),
    );
    expect(named.message).to.match(/file name/);

    const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 2, 1, 2, 3, 4]);
    const unreadable = await rejection(reviews.uploadPhoto(new File([broken], 'x.jpg'), ctx(ada)));
    expect(unreadable.message).to.match(/could not be read/);
  });

  it('keeps photos in IndexedDB: a new adapter (a reload) reads working URLs', async () => {
    const first = adapter();
    const uploaded: Photo[] = [];
    for (const side of [400, 500]) {
      uploaded.push(await first.reviews.uploadPhoto(await cameraJpeg(side, side), ctx(ada)));
    }
    const review = await first.reviews.submitReview(
      {
        product: 'sku-1',
        rating: 5,
        title: 'Pictured',
        body: 'See the photos.',
        photoIds: uploaded.map((p) => p.id),
      },
      ctx(ada),
    );
    expect(review.photos.map((p) => p.id)).to.deep.equal(uploaded.map((p) => p.id));
    expect(review.photos[0]!.url).to.match(/^blob:/);
    const databases = (await indexedDB.databases()).map((d) => d.name);
    expect(databases).to.include(storageKey.replace('kith-memory:', 'kith-memory-photos:'));

    const reloaded = adapter();
    const page = await readOne(
      reloaded,
      { kind: 'reviews', product: 'sku-1', sort: 'newest', limit: 10 },
      ada,
    );
    const [read, mine] = [page.items[0]!, page.mine!];
    expect(read.photos.map((p) => [p.id, p.width, p.height])).to.deep.equal([
      [uploaded[0]!.id, 400, 400],
      [uploaded[1]!.id, 500, 500],
    ]);
    expect(read.photos[0]!.url).to.match(/^blob:/);
    expect(read.photos[0]!.url, 'made anew by this adapter').not.to.equal(uploaded[0]!.url);
    expect(mine.photos[1]!.url).to.equal(read.photos[1]!.url, 'one URL per photo and page');
    expect((await fetched(read.photos[1]!.url)).bytes).to.deep.equal(
      (await fetched(uploaded[1]!.url)).bytes,
    );
    expect(await size(read.photos[1]!.thumbnailUrl)).to.deep.equal([320, 320]);

    const edited = await reloaded.reviews.submitReview(
      {
        product: 'sku-1',
        rating: 4,
        title: 'Fewer',
        body: 'One photo.',
        photoIds: [uploaded[1]!.id],
      },
      ctx(ada),
    );
    expect(edited.photos.map((p) => p.url)).to.deep.equal([read.photos[1]!.url]);
  });

  it('attaches only the member’s own uploads, at most four, to one review', async () => {
    const reviews = adapter().reviews;
    const adas = await reviews.uploadPhoto(await cameraJpeg(20, 20), ctx(ada));
    const input = { product: 'sku-1', rating: 3 as const, title: '', body: 'Hm.' };
    const foreign = await rejection(
      reviews.submitReview({ ...input, photoIds: [adas.id] }, ctx(ben)),
    );
    expect(foreign.fields.photoIds).to.match(/not one of your uploads/);
    const five = await rejection(
      reviews.submitReview({ ...input, photoIds: [adas.id, 'b', 'c', 'd', 'e'] }, ctx(ada)),
    );
    expect(five.fields.photoIds).to.match(/At most 4/);
    await reviews.submitReview({ ...input, photoIds: [adas.id] }, ctx(ada));
    const twice = await rejection(
      reviews.submitReview({ ...input, product: 'sku-2', photoIds: [adas.id] }, ctx(ada)),
    );
    expect(twice.fields.photoIds).to.equal('A photo is already attached to another review.');
  });

  it('keeps the images in memory when the adapter keeps its state in memory', async () => {
    const inMemory = createMemoryAdapter({ site: 'test', storage: null });
    const photo = await inMemory.reviews.uploadPhoto(await cameraJpeg(64, 48), ctx(ada));
    expect(await size(photo.url)).to.deep.equal([64, 48]);
    const again = await inMemory.reviews.uploadPhoto(await cameraJpeg(64, 48), {
      token: ada,
      idempotencyKey: 'same',
    });
    const replayed = await inMemory.reviews.uploadPhoto(await cameraJpeg(10, 10), {
      token: ada,
      idempotencyKey: 'same',
    });
    expect(replayed).to.deep.equal(again, 'a retry returns the first upload');
  });
});
