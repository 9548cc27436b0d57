/**
 * What members and staff do in `<kith-reviews>`: write (or edit) their review with stars, text and
 * photos; staff reply. (Reporting and hiding are the shared `common/moderation-controls.ts`.) A separate chunk (with `<kith-star-input>` and the
 * review writes), loaded once a member is signed in: readers never download it. Where the site
 * allows guests, a signed-out visitor writes a review here too (no photos), held for a moderator.
 */
import {
  css,
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import { ValidationError, toKithError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import type { MessageKey } from '../../core/i18n.js';
import { MAX_REVIEW_PHOTOS, type Photo, type Review } from '../../core/types.js';
import { loadDraft, saveDraft } from '../../stores/drafts.js';
import {
  REPLY_MAX,
  replyToReview,
  submitReview,
  uploadPhoto,
} from '../../stores/reviews-writes.js';
import type { Session } from '../../stores/session.js';
import { BODY_MAX, TITLE_MAX } from '../../stores/writes.js';
import { ComposeFields } from '../common/compose-fields.js';
import { idleForm, type FormState } from '../common/posting-element.js';
import '../star-input/star-input.js';

/** The styles of the forms (the element adopts them when this chunk arrives). */
export const memberStyles = css`
  .review-form {
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--kith-radius);
  }
  .review-form .count {
    margin: 0;
    text-align: end;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .photos-field {
    display: grid;
    gap: 0.4rem;
  }
  .file-input {
    position: absolute;
    opacity: 0;
    width: 1px;
    height: 1px;
  }
  .add-photos:has(+ .file-input:focus-visible) {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .add-photos {
    justify-self: start;
    cursor: pointer;
  }
  .photo-previews li {
    position: relative;
  }
  .remove-photo {
    position: absolute;
    top: -0.5rem;
    right: -0.5rem;
    padding: 0.1rem 0.4rem;
    border-radius: 999px;
    background: var(--_bg, #fff);
  }
  .inline-form {
    display: grid;
    gap: 0.4rem;
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 6px;
  }
`;

const REQUIRED = { body: 'reviews.required.body', rating: 'stars.required' } as const;
const PHOTO_TYPES = 'image/jpeg,image/png,image/webp,image/gif';

/** What the element lends the controls on each call. */
export interface MemberView {
  session: Session;
  product: string;
  pageUrl: string;
  locale: string;
  /** The member's review of the product, to edit. */
  mine: Review | null;
  /** A signed-out visitor writing as a guest (the site allows it). */
  guest: boolean;
  /** The site's community guidelines, shown in the form. */
  guidelines: string | null;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  draftKey(target: string): string;
  /** A failed write shown at its form (see `PostingElement.failedForm`). */
  failed(
    error: unknown,
    action: string,
    retry: () => void,
    required: Record<string, MessageKey>,
  ): FormState;
  /** A failed action shown above the list (see `PostingElement.act`). */
  act<T>(action: string, failure: MessageKey, run: () => Promise<T>): Promise<T | undefined>;
  reportError(error: unknown, action: string): string;
  announce(message: string): void;
  focusAfterRender(selector: string): void;
  /** The selector of a review in the list. */
  reviewSelector(id: string): string;
}

interface Upload {
  name: string;
  error: string | null;
}

type Host = ReactiveControllerHost & HTMLElement;

/** The member's forms of one `<kith-reviews>`: the review being written, and the inline forms. */
export class ReviewMemberControls implements ReactiveController {
  private readonly host: Host;
  composing = false;
  private rating = 0;
  private title = '';
  private body = '';
  private photos: Photo[] = [];
  private uploads: Upload[] = [];
  private form: FormState = idleForm();
  /** The guidelines, the spam guards, a guest's name. */
  private readonly compose: ComposeFields;
  /** The review whose reply form is open (staff). */
  private replying: string | null = null;
  private replyBody = '';
  private replyForm: FormState = idleForm();

  constructor(host: Host) {
    this.host = host;
    this.compose = new ComposeFields(host.shadowRoot!);
    host.addController(this);
  }

  hostConnected(): void {}

  private update(): void {
    this.host.requestUpdate();
  }

  /** Loads the product's draft; a draft in progress opens the form again (after a reload). */
  loadDraft(v: MemberView): void {
    const draft = loadDraft(v.draftKey(v.product));
    this.rating = draft.rating;
    this.title = draft.title;
    this.body = draft.body;
    this.photos = [];
    this.uploads = [];
    this.form = idleForm();
    this.composing = !!(draft.rating || draft.title || draft.body);
    this.update();
  }

  private saveDraft(v: MemberView): void {
    saveDraft(v.draftKey(v.product), { rating: this.rating, title: this.title, body: this.body });
  }

  /** Opens the form; an edit starts from the member's review unless a draft is in progress. */
  openComposer(v: MemberView): void {
    const mine = v.mine;
    if (mine && !this.rating && !this.title && !this.body) {
      this.rating = mine.rating;
      this.title = mine.title;
      this.body = mine.body;
      this.photos = mine.photos;
    }
    this.composing = true;
    v.focusAfterRender('#review-rating');
    this.update();
  }

  private closeComposer(v: MemberView): void {
    this.composing = false;
    this.form = idleForm();
    this.compose.reset();
    v.focusAfterRender('#write-review');
    this.update();
  }

  private async submit(v: MemberView, e?: Event): Promise<void> {
    e?.preventDefault();
    if (this.form.posting || this.uploads.some((u) => !u.error)) return;
    const editing = !!v.mine;
    this.form = { posting: true, error: null, fields: {} };
    this.update();
    try {
      const review = await submitReview(
        v.session,
        {
          product: v.product,
          rating: this.rating,
          title: this.title,
          body: this.body,
          photos: this.photos,
          pageUrl: v.pageUrl,
          ...this.compose.extras(v.guest, v.t),
        },
        v.draftKey(v.product),
      );
      // A held review (a guest's) waits for a moderator: the form stays, thanking, and empty.
      const held = review.notices?.includes('held');
      const message = v.t(
        held ? 'compose.held' : editing ? 'reviews.form.updated' : 'reviews.form.posted',
      );
      this.form = held ? { ...idleForm(), notice: message } : idleForm();
      this.composing = !!held;
      this.compose.reset();
      this.rating = 0;
      this.title = this.body = '';
      this.photos = [];
      this.uploads = [];
      emit(this.host, 'kith-review-submitted', { review });
      v.announce(message);
      if (!held) v.focusAfterRender(v.reviewSelector(review.id));
    } catch (error) {
      this.form = v.failed(error, 'review', () => void this.submit(v), REQUIRED);
      const { fields } = this.form;
      v.focusAfterRender(
        fields['guest.name']
          ? '#review-name'
          : fields.rating
            ? '#review-rating'
            : fields.body
              ? '#review-body'
              : fields.title
                ? '#review-title'
                : '#review-error',
      );
    }
    this.update();
  }

  private async addPhotos(v: MemberView, input: HTMLInputElement): Promise<void> {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (!files.length) return;
    this.uploads = this.uploads.filter((u) => !u.error);
    const room = MAX_REVIEW_PHOTOS - this.photos.length - this.uploads.length;
    if (files.length > room) {
      v.announce(v.t('reviews.form.tooManyPhotos', { max: MAX_REVIEW_PHOTOS }));
    }
    await Promise.all(
      files.slice(0, Math.max(0, room)).map(async (file) => {
        let upload: Upload = { name: file.name, error: null };
        this.uploads = [...this.uploads, upload];
        v.announce(v.t('reviews.form.uploading', { name: file.name }));
        this.update();
        try {
          const photo = await uploadPhoto(v.session, file);
          this.photos = [...this.photos, photo];
          this.uploads = this.uploads.filter((u) => u !== upload);
        } catch (error) {
          // The photo's own reason (an SVG, too large, unreadable) rather than "check what you entered".
          const refused = toKithError(error);
          const reported = v.reportError(refused, 'upload');
          const reason = (refused instanceof ValidationError && refused.fields.file) || reported;
          const failed = {
            ...upload,
            error: v.t('reviews.form.uploadFailed', { name: file.name, reason }),
          };
          this.uploads = this.uploads.map((u) => (u === upload ? failed : u));
          upload = failed;
          v.announce(failed.error);
        }
        this.update();
      }),
    );
  }

  private removePhoto(v: MemberView, index: number): void {
    this.photos = this.photos.filter((_, i) => i !== index);
    v.focusAfterRender('#add-photos');
    this.update();
  }

  // ---- the staff reply under a review --------------------------------------------------------------

  isReplying(id: string): boolean {
    return this.replying === id;
  }

  /** Opens (or closes) a review's reply form, with its draft or the current reply. */
  toggleReply(v: MemberView, review: Review): void {
    this.replying = this.replying === review.id ? null : review.id;
    const draft = loadDraft(v.draftKey(`reply:${review.id}`));
    this.replyBody = draft.body || review.reply?.body || '';
    this.replyForm = idleForm();
    if (this.replying) v.focusAfterRender('#reply-body');
    this.update();
  }

  private async submitReply(v: MemberView, review: Review, e?: Event): Promise<void> {
    e?.preventDefault();
    if (this.replyForm.posting) return;
    this.replyForm = { posting: true, error: null, fields: {} };
    this.update();
    try {
      await replyToReview(
        v.session,
        { reviewId: review.id, body: this.replyBody },
        v.draftKey(`reply:${review.id}`),
      );
      this.replying = null;
      this.replyBody = '';
      this.replyForm = idleForm();
      v.announce(v.t('reviews.reply.posted'));
      v.focusAfterRender(`${v.reviewSelector(review.id)} .reply`);
    } catch (error) {
      this.replyForm = v.failed(error, 'reply', () => void this.submitReply(v, review), {
        reply: 'reviews.reply.required',
      });
      v.focusAfterRender(this.replyForm.fields.reply ? '#reply-body' : '#reply-error');
    }
    this.update();
  }

  // ---- rendering --------------------------------------------------------------------------------

  renderComposer(v: MemberView): TemplateResult {
    const { form } = this;
    const { fields } = form;
    const room =
      MAX_REVIEW_PHOTOS - this.photos.length - this.uploads.filter((u) => !u.error).length;
    const uploading = this.uploads.some((u) => !u.error);
    const clearField = (field: string) => {
      if (fields[field]) this.form = { ...form, fields: { ...fields, [field]: '' } };
    };
    return html`<form
      class="composer review-form"
      part="composer"
      novalidate
      aria-labelledby="form-heading"
      @submit=${(e: Event) => void this.submit(v, e)}
    >
      <h3 id="form-heading">${v.t('reviews.form.heading')}</h3>
      ${v.mine ? html`<p class="muted">${v.t('reviews.form.oneReview')}</p>` : nothing}
      <kith-star-input
        id="review-rating"
        name="rating"
        required
        locale=${v.locale}
        label=${v.t('reviews.form.rating')}
        value=${this.rating ? String(this.rating) : ''}
        aria-describedby=${fields.rating ? 'rating-error' : nothing}
        @change=${(e: Event) => {
          this.rating = Number((e.target as HTMLInputElement).value) || 0;
          this.saveDraft(v);
          clearField('rating');
          this.update();
        }}
      ></kith-star-input>
      ${
        fields.rating
          ? html`<p id="rating-error" class="error field-error">${fields.rating}</p>`
          : nothing
      }
      <label for="review-title" class="composer-label">${v.t('reviews.form.title')}</label>
      <input
        id="review-title"
        type="text"
        maxlength=${TITLE_MAX}
        autocomplete="off"
        placeholder=${v.t('reviews.form.titlePlaceholder')}
        aria-invalid=${fields.title ? 'true' : 'false'}
        aria-describedby=${fields.title ? 'title-error' : nothing}
        .value=${this.title}
        @input=${(e: Event) => {
          this.title = (e.target as HTMLInputElement).value;
          this.saveDraft(v);
        }}
      />
      ${
        fields.title
          ? html`<p id="title-error" class="error field-error">${fields.title}</p>`
          : nothing
      }
      <label for="review-body" class="composer-label">${v.t('reviews.form.body')}</label>
      <textarea
        id="review-body"
        rows="5"
        maxlength=${BODY_MAX}
        placeholder=${v.t('reviews.form.bodyHint')}
        aria-invalid=${fields.body ? 'true' : 'false'}
        aria-describedby=${fields.body ? 'body-error body-count' : 'body-count'}
        .value=${this.body}
        @input=${(e: Event) => {
          this.body = (e.target as HTMLTextAreaElement).value;
          this.saveDraft(v);
          clearField('body');
          this.update();
        }}
      ></textarea>
      <p id="body-count" class="muted count">
        ${v.t('reviews.form.count', { count: this.body.length, max: BODY_MAX })}
      </p>
      ${fields.body ? html`<p id="body-error" class="error field-error">${fields.body}</p>` : nothing}
      ${v.guest ? nothing : this.renderPhotosField(v, room)}
      ${this.compose.render({
        id: 'review',
        guidelines: v.guidelines,
        guest: v.guest,
        fields,
        notice: form.notice,
        t: v.t,
      })}
      ${
        form.error && !Object.values(fields).some(Boolean)
          ? html`<p id="review-error" class="error" part="error" role="alert" tabindex="-1">
              ${form.error}
            </p>`
          : nothing
      }
      <div class="actions">
        <button
          class="btn btn-primary"
          part="button"
          type="submit"
          ?disabled=${form.posting || uploading}
        >
          ${
            form.posting
              ? v.t('form.posting')
              : v.t(
                  v.guest
                    ? 'compose.guest.submit'
                    : v.mine
                      ? 'reviews.form.update'
                      : 'reviews.form.submit',
                )
          }
        </button>
        <button type="button" class="btn" @click=${() => this.closeComposer(v)}>
          ${v.t('reviews.form.cancel')}
        </button>
      </div>
    </form>`;
  }

  private renderPhotosField(v: MemberView, room: number): TemplateResult {
    return html`<fieldset class="photos-field" part="photos-input">
      <legend class="composer-label">
        ${v.t('reviews.form.photos', { max: MAX_REVIEW_PHOTOS })}
      </legend>
      ${
        this.photos.length
          ? html`<ul class="photo-previews">
              ${this.photos.map(
                (p, i) =>
                  html`<li>
                    <img src=${p.thumbnailUrl} alt=${p.alt ?? ''} width="64" height="64" />
                    <button
                      type="button"
                      class="btn remove-photo"
                      aria-label=${v.t('reviews.form.removePhoto', { index: i + 1 })}
                      @click=${() => this.removePhoto(v, i)}
                    >
                      <span aria-hidden="true">✕</span>
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${this.uploads.map(
        (u) =>
          html`<p class=${u.error ? 'error' : 'muted'}>
            ${u.error ?? v.t('reviews.form.uploading', { name: u.name })}
          </p>`,
      )}
      ${
        room > 0
          ? html`<label class="btn add-photos" for="add-photos">
                ${v.t('reviews.form.addPhotos')}
              </label>
              <input
                id="add-photos"
                class="file-input"
                type="file"
                accept=${PHOTO_TYPES}
                multiple
                @change=${(e: Event) => void this.addPhotos(v, e.target as HTMLInputElement)}
              />`
          : nothing
      }
    </fieldset>`;
  }

  /** The reply form under `review`, when open. */
  renderReplyForm(v: MemberView, review: Review): TemplateResult | typeof nothing {
    if (this.replying !== review.id) return nothing;
    const form = this.replyForm;
    return html`<form
      class="inline-form"
      @submit=${(e: Event) => void this.submitReply(v, review, e)}
    >
      <label for="reply-body" class="composer-label">${v.t('reviews.reply.label')}</label>
      <textarea
        id="reply-body"
        rows="3"
        maxlength=${REPLY_MAX}
        aria-invalid=${form.fields.reply ? 'true' : 'false'}
        aria-describedby=${form.fields.reply ? 'reply-field-error' : nothing}
        .value=${this.replyBody}
        @input=${(e: Event) => {
          this.replyBody = (e.target as HTMLTextAreaElement).value;
          saveDraft(v.draftKey(`reply:${review.id}`), { body: this.replyBody });
        }}
      ></textarea>
      ${
        form.fields.reply
          ? html`<p id="reply-field-error" class="error field-error">${form.fields.reply}</p>`
          : form.error
            ? html`<p id="reply-error" class="error" role="alert" tabindex="-1">${form.error}</p>`
            : nothing
      }
      <div class="actions">
        <button type="submit" class="btn btn-primary" ?disabled=${form.posting}>
          ${form.posting ? v.t('form.posting') : v.t('reviews.reply.submit')}
        </button>
        <button type="button" class="btn" @click=${() => this.toggleReply(v, review)}>
          ${v.t('reviews.form.cancel')}
        </button>
      </div>
    </form>`;
  }
}
