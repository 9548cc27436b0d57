/**
 * The memory adapter's photos. An upload passes the reference server's checks (at most 8 MB; JPEG,
 * PNG, WebP or GIF by its first bytes; SVG refused by name; a file name fit to show), then is decoded
 * and drawn again on a canvas, which writes none of the original's metadata (EXIF, GPS): at most
 * 2048 px on its longer side, with a thumbnail of at most 320 px. The images live in IndexedDB (one
 * database per storage key, so they survive a reload with the state), or in memory when the adapter
 * keeps its state in memory; the state records who uploaded what. `blob:` URLs are made when a photo
 * is first returned and live as long as the page. `../memory.ts` loads this part on the first upload,
 * or on the first read of a review with photos.
 */
import { UnsupportedError, ValidationError } from '../../core/errors.js';
import { isAcceptableFileName, sniffImageType, type PhotoType } from '../../core/image-type.js';
import { MAX_PHOTO_BYTES, type Photo } from '../../core/types.js';
import { newId, textIn, throwIfInvalid, type MemoryHost, type PhotosBackend } from './state.js';

const MAX_SIDE = 2048;
const THUMBNAIL_SIDE = 320;
const QUALITY = 0.9;
const MAX_ALT = 200;
const STORE = 'photos';

interface Images {
  image: Blob;
  thumbnail: Blob;
}

interface ImageStore {
  put(id: string, images: Images): Promise<unknown>;
  get(id: string): Promise<Images | undefined>;
  clear(): Promise<unknown>;
}

/* @__NO_SIDE_EFFECTS__ */
function memoryStore(): ImageStore {
  const images = new Map<string, Images>();
  return {
    put: async (id, value) => images.set(id, value),
    get: async (id) => images.get(id),
    clear: async () => images.clear(),
  };
}

/** An object store `photos` in the database `name`, opened on first use. */
/* @__NO_SIDE_EFFECTS__ */
function indexedDbStore(name: string): ImageStore {
  let opened: Promise<IDBDatabase> | undefined;
  const settle = <T>(request: IDBRequest<T> | IDBOpenDBRequest, done: () => T) =>
    new Promise<T>((resolve, reject) => {
      request.onsuccess = () => resolve(done());
      request.onerror = () => reject(request.error);
    });
  const open = (): Promise<IDBDatabase> =>
    (opened ??= (() => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      return settle(request, () => {
        const db = request.result;
        // Let another adapter delete the database (its `reset()`): this one opens it again if needed.
        db.onversionchange = () => {
          db.close();
          opened = undefined;
        };
        return db;
      });
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
  const run = async <T>(
    mode: IDBTransactionMode,
    op: (store: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> => {
    const request = op((await open()).transaction(STORE, mode).objectStore(STORE));
    return settle(request, () => request.result);
  };
  return {
    put: (id, images) => run('readwrite', (store) => store.put(images, id)),
    get: (id) => run('readonly', (store) => store.get(id) as IDBRequest<Images | undefined>),
    clear: () => run('readwrite', (store) => store.clear()),
  };
}

const refuse = (message: string) => new ValidationError(message, { file: message });

/**
 * The image's type by its first bytes, after the server's checks in the server's order (size, name,
 * type) and with its messages; throws ValidationError.
 */
async function checkedType(file: unknown): Promise<PhotoType> {
  const blob = file as Partial<File> | null;
  if (typeof blob?.slice !== 'function' || typeof blob.size !== 'number')
    throw refuse('Choose a photo to upload.');
  if (blob.size > MAX_PHOTO_BYTES)
    throw refuse(`The photo is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB.`);
  if (!blob.size) throw refuse('The file is empty.');
  if (typeof blob.name === 'string' && !isAcceptableFileName(blob.name))
    throw refuse('The file name contains characters that are not allowed (such as < > ").');
  const type = sniffImageType(new Uint8Array(await blob.slice(0, 512).arrayBuffer()));
  if (type === 'image/svg+xml')
    throw refuse('SVG images are not accepted (they can contain scripts): use PNG or JPEG.');
  if (!type) throw refuse('This is not a JPEG, PNG, WebP or GIF image.');
  return type;
}

/** `bitmap` drawn anew at most `side` px on its longer side: the encoder writes no metadata. */
async function encode(
  bitmap: ImageBitmap,
  side: number,
  type: PhotoType,
): Promise<{ blob: Blob; width: number; height: number }> {
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  // GIF has no encoder in browsers: its first frame becomes a PNG. Where WebP has none, PNG too.
  const options = { type: type === 'image/gif' ? 'image/png' : type, quality: QUALITY };
  const offscreen = typeof OffscreenCanvas === 'function';
  const canvas = offscreen ? new OffscreenCanvas(width, height) : document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d') as
    OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  const blob = offscreen
    ? await (canvas as OffscreenCanvas).convertToBlob(options)
    : await new Promise<Blob | null>((resolve) =>
        (canvas as HTMLCanvasElement).toBlob(resolve, options.type, options.quality),
      );
  if (!blob) throw refuse('This image could not be re-encoded.');
  return { blob, width, height };
}

/** The photos part of the memory adapter `host`; `database` `null` keeps the images in memory. */
/* @__NO_SIDE_EFFECTS__ */
export function createPhotosBackend(host: MemoryHost, database: string | null): PhotosBackend {
  const store =
    database === null
      ? memoryStore()
      : typeof indexedDB === 'object' && indexedDB
        ? indexedDbStore(database)
        : null;
  /** Per photo id: its `blob:` URLs, or `null` when its image is gone. */
  const urls = new Map<string, Promise<Pick<Photo, 'url' | 'thumbnailUrl'> | null>>();

  function urlsOf(id: string) {
    let found = urls.get(id);
    if (!found) {
      found = (store?.get(id) ?? Promise.resolve(undefined)).then(
        (images) =>
          images
            ? {
                url: URL.createObjectURL(images.image),
                thumbnailUrl: URL.createObjectURL(images.thumbnail),
              }
            : null,
        () => {
          urls.delete(id); // the database failed this time; it may answer the next read
          return null;
        },
      );
      urls.set(id, found);
    }
    return found;
  }

  return {
    async upload(input, claims) {
      const fields: Record<string, string> = {};
      const alt = textIn(input?.alt, 'alt', fields, MAX_ALT).trim();
      throwIfInvalid(fields);
      const type = await checkedType(input?.file);
      if (!store || typeof createImageBitmap !== 'function') {
        throw new UnsupportedError(
          'photo uploads here (the memory adapter keeps photos in IndexedDB and re-encodes them with the browser’s image decoder)',
        );
      }
      const bitmap = await createImageBitmap(input.file, { imageOrientation: 'from-image' }).catch(
        () => {
          throw refuse('This image could not be read: it may be damaged or incomplete.');
        },
      );
      let image, thumbnail;
      try {
        image = await encode(bitmap, MAX_SIDE, type);
        thumbnail = await encode(bitmap, THUMBNAIL_SIDE, type);
      } finally {
        bitmap.close();
      }
      const id = newId('ph_');
      try {
        await store.put(id, { image: image.blob, thumbnail: thumbnail.blob });
      } catch {
        throw new UnsupportedError('photo uploads here (the browser refused to store the image)');
      }
      return () => {
        const { width, height } = image;
        host.state.photos.set(id, {
          id,
          memberId: claims.sub,
          width,
          height,
          ...(alt && { alt }),
          createdAt: host.now().toISOString(),
        });
        return { id, url: '', thumbnailUrl: '', width, height, ...(alt && { alt }) };
      };
    },

    async withUrls(photos) {
      const found = await Promise.all(
        photos.map(async (photo) => {
          const made = await urlsOf(photo.id);
          return made ? [{ ...photo, ...made }] : [];
        }),
      );
      return found.flat();
    },

    async clear() {
      for (const made of urls.values()) {
        const done = await made;
        if (done) {
          URL.revokeObjectURL(done.url);
          URL.revokeObjectURL(done.thumbnailUrl);
        }
      }
      urls.clear();
      await store?.clear();
    },
  };
}
