import { useI18n } from 'vue-i18n';
import type { Media } from 'src/api/types';
import { useMediaUpload } from './use-media-upload';

/** A file name as an image's alt text: without its extension and markdown's brackets. */
function altText(name: string): string {
  return name.replace(/\.[^.]*$/, '').replace(/[[\]\\]/g, '');
}

/** The image files a paste or a drop carries (text and other files keep their default behaviour). */
function imagesOf(data: DataTransfer | null): File[] {
  return Array.from(data?.files ?? []).filter((file) => file.type.startsWith('image/'));
}

/**
 * Images in an article's markdown: a pasted or dropped image is uploaded and `![alt](url)` goes where
 * the cursor was. Meanwhile a numbered placeholder `![Uploading… (1)]()` holds its place (the author
 * may keep typing); it becomes the image when the upload is done, and goes if the upload fails.
 */
export function useBodyImages(form: { body: string }) {
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

  function uploadInto(files: File[], target: EventTarget | null): void {
    const textarea = target instanceof HTMLTextAreaElement ? target : null;
    const start = textarea?.selectionStart ?? form.body.length;
    const end = textarea?.selectionEnd ?? start;
    const uploads = files.map((file) => ({
      file,
      mark: `![${t('media.uploadingNumbered', { n: ++placeholders })}]()`,
    }));
    // Each image a paragraph of its own: images on adjacent lines would render side by side.
    insertAt(`${paragraphBreak(start)}${uploads.map((u) => u.mark).join('\n\n')}\n\n`, start, end);
    for (const { file, mark } of uploads) {
      void upload(file).then((media) =>
        replace(mark, media ? `![${altText(file.name)}](${media.url})` : ''),
      );
    }
  }

  function onPaste(event: ClipboardEvent): void {
    const files = imagesOf(event.clipboardData);
    if (files.length === 0) return;
    event.preventDefault();
    uploadInto(files, event.target);
  }

  function onDrop(event: DragEvent): void {
    const files = imagesOf(event.dataTransfer);
    if (files.length === 0) return;
    event.preventDefault();
    uploadInto(files, event.target);
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

  return { busy, onPaste, onDrop, onFocusout, insert };
}
