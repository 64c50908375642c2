import { useQuasar } from 'quasar';
import { useI18n } from 'vue-i18n';
import type { Media } from 'src/api/types';
import { useMediaUpload } from './use-media-upload';

/** A file name as an image's alt text: without its extension and markdown's brackets. */
function altText(name: string): string {
  return name.replace(/\.[^.]*$/, '').replace(/[[\]\\]/g, '');
}

const isImage = (file: File) => file.type.startsWith('image/');

/**
 * Images in an article's markdown: a pasted, dropped or picked image is uploaded and `![alt](url)`
 * goes where the cursor was. Meanwhile a numbered placeholder `![Uploading… (1)]()` holds its place
 * (the author may keep typing); it becomes the image when the upload is done, and goes if the upload
 * fails.
 */
export function useBodyImages(form: { body: string }) {
  const $q = useQuasar();
  const { t } = useI18n();
  const { busy, upload } = useMediaUpload();
  let placeholders = 0;
  /** Where the cursor was when the textarea lost focus: where the media library inserts. */
  let caret: number | null = null;

  function insertAt(text: string, start: number, end = start): void {
    const at = Math.min(start, form.body.length);
    form.body = form.body.slice(0, at) + text + form.body.slice(Math.max(at, end));
  }

  /** What goes before text inserted at `at` so that it starts a paragraph of its own. */
  function paragraphBreak(at: number): string {
    const before = form.body.slice(0, at);
    if (before === '' || before.endsWith('\n\n')) return '';
    return before.endsWith('\n') ? '\n' : '\n\n';
  }

  function replace(placeholder: string, text: string): void {
    const at = form.body.indexOf(placeholder);
    if (at >= 0) insertAt(text, at, at + placeholder.length);
  }

  function uploadInto(files: File[], start: number, end = start): void {
    const uploads = files.map((file) => ({
      file,
      mark: `![${t('media.uploadingNumbered', { n: ++placeholders })}]()`,
    }));
    // Each image a paragraph of its own: images on adjacent lines would render side by side.
    const lead = paragraphBreak(start);
    insertAt(`${lead}${uploads.map((u) => u.mark).join('\n\n')}\n\n`, start, end);
    let waiting = uploads.length;
    let placed = 0;
    for (const { file, mark } of uploads) {
      void upload(file).then((media) => {
        waiting--;
        if (media) {
          placed++;
          replace(mark, `![${altText(file.name)}](${media.url})`);
        } else {
          // The last of the batch, and none placed: the paragraph break made for them goes too.
          remove(mark, waiting === 0 && placed === 0 ? lead : '');
        }
      });
    }
  }

  /** A failed upload's placeholder out, with the blank line after it and `lead` before it. */
  function remove(mark: string, lead: string): void {
    let from = form.body.indexOf(mark);
    if (from < 0) return;
    let to = from + mark.length;
    if (form.body.startsWith('\n\n', to)) to += 2;
    if (lead && form.body.slice(from - lead.length, from) === lead) from -= lead.length;
    insertAt('', from, to);
  }

  /**
   * The files a paste or a drop carries: images are uploaded; any other file is refused with a word,
   * instead of being dropped silently or opened by the browser in the editor's place. Text is left to
   * the textarea.
   */
  function take(data: DataTransfer | null, event: Event): void {
    const files = Array.from(data?.files ?? []);
    if (files.length === 0) return;
    event.preventDefault();
    const textarea = event.target instanceof HTMLTextAreaElement ? event.target : null;
    const start = textarea?.selectionStart ?? form.body.length;
    uploadImages(files, start, textarea?.selectionEnd ?? start);
  }

  /** The images of `files` uploaded into the text at `start` (over the selection up to `end`). */
  function uploadImages(files: File[], start: number, end: number): void {
    for (const file of files.filter((file) => !isImage(file))) {
      $q.notify({ type: 'negative', message: t('media.notAccepted', { name: file.name }) });
    }
    const images = files.filter(isImage);
    if (images.length > 0) uploadInto(images, start, end);
  }

  /**
   * Images chosen with the file picker (a phone can neither paste nor drop a file): uploaded at the
   * last cursor position, or at the end.
   */
  function pick(files: File[]): void {
    const at = caret ?? form.body.length;
    uploadImages(files, at, at);
  }

  function onPaste(event: ClipboardEvent): void {
    take(event.clipboardData, event);
  }

  function onDrop(event: DragEvent): void {
    take(event.dataTransfer, event);
  }

  function onFocusout(event: FocusEvent): void {
    if (event.target instanceof HTMLTextAreaElement) caret = event.target.selectionStart;
  }

  /** An upload from the media library, at the last cursor position (or at the end), as a paragraph. */
  function insert(media: Media): void {
    const at = caret ?? form.body.length;
    const image = `${paragraphBreak(at)}![](${media.url})\n\n`;
    insertAt(image, at);
    caret = at + image.length;
  }

  return { busy, onPaste, onDrop, onFocusout, insert, pick };
}
