/** Photos: upload one (multipart), serve it and its thumbnail. Attaching is part of a review's write. */
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as photos from '../domain/photos.js';
import { ApiError } from '../errors.js';
import type { AppEnv } from '../http/context.js';
import { sendPhoto, sendWrite, writeContext } from '../http/responses.js';
import { ErrorResponse, PhotoParam, PhotoSchema, SiteQuery, UploadForm } from '../schemas.js';
import {
  NOT_MODIFIED,
  READ_ERRORS,
  SECURITY,
  WRITE_ERRORS,
  json,
  type RegisterRoutes,
} from './common.js';

/** The one route whose body is not JSON: app.ts leaves it to {@link limitUploadBody}. */
export const UPLOADS_PATH = '/v1/uploads';

/** 8 MB and a little for the form: bounded even without a Content-Length (read as it streams). */
const limitUploadBody = bodyLimit({
  maxSize: photos.MAX_UPLOAD_REQUEST_BYTES,
  onError: () => {
    throw photos.photoTooLarge();
  },
});

const multipartOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^multipart\/form-data\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(
      415,
      'validation',
      'Send the photo as multipart/form-data, in the field "file".',
    );
  }
  await next();
};

const IMAGE = {
  schema: z.string().openapi({ type: 'string', format: 'binary' }),
};

const photoFile = (description: string) => ({
  description,
  content: { 'image/jpeg': IMAGE, 'image/png': IMAGE, 'image/webp': IMAGE, 'image/gif': IMAGE },
});

export const registerPhotoRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'post',
      path: UPLOADS_PATH,
      summary:
        'Upload a photo for a review (≤ 8 MB; JPEG, PNG, WebP or GIF by its bytes). It is re-encoded without its metadata (EXIF, GPS…), at most 2048 px; a GIF becomes a PNG of its first frame. Counts as 3 writes against the rate limits.',
      security: SECURITY,
      middleware: [
        mw.site,
        mw.member,
        mw.costlyWriteLimit(photos.UPLOAD_WRITE_COST),
        limitUploadBody,
        multipartOnly,
      ],
      request: {
        query: SiteQuery,
        body: { required: true, content: { 'multipart/form-data': { schema: UploadForm } } },
      },
      responses: {
        201: json(PhotoSchema, 'The stored photo (not attached to a review yet).'),
        ...WRITE_ERRORS,
        413: json(ErrorResponse, 'The photo is over 8 MB (`validation`, `fields.file`).'),
        415: { description: 'Not multipart/form-data (`validation`).' },
      },
    }),
    async (c) => {
      const upload = await photos.receiveUpload(c.req.valid('form'));
      const ctx = writeContext(c, deps, photos.fingerprintOf(upload));
      return sendWrite(c, await photos.uploadPhoto(ctx, upload)) as never;
    },
  );

  for (const variant of ['image', 'thumbnail'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path: variant === 'image' ? '/v1/photos/{id}' : '/v1/photos/{id}/thumbnail',
        summary:
          variant === 'image'
            ? 'A photo as stored (no token needed): unattached uploads and photos of visible reviews.'
            : "A photo's thumbnail (WebP, at most 320 px), as the photo.",
        middleware: [mw.site, mw.readLimit],
        request: { params: PhotoParam, query: SiteQuery },
        responses: {
          200: photoFile(
            'The bytes, with `X-Content-Type-Options: nosniff`, a sandboxing CSP, `Cross-Origin-Resource-Policy: cross-origin`, cached a day.',
          ),
          304: NOT_MODIFIED,
          ...READ_ERRORS,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const site = c.get('site').id;
        return (await sendPhoto(c, photos.etagOf(id, variant), (withBytes) =>
          photos.readPhoto(deps.db, site, id, variant, withBytes),
        )) as never;
      },
    );
  }
};
