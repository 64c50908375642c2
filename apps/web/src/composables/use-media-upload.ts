import { errorText } from 'src/api/error-text';
import { computed, ref } from 'vue';
import { useQuasar } from 'quasar';
import { useI18n } from 'vue-i18n';
import { api } from 'src/api/client';
import { ApiError } from 'src/api/http';
import type { Media } from 'src/api/types';

/**
 * Uploads images to the signed-in user's media. `busy` is true while any upload runs (fetch reports no
 * upload progress, and Folio answers once the variants are made). A refused file is a notification in
 * the reader's language (413 too large, 415 not an accepted type; the API's own message otherwise) and
 * `upload` resolves to undefined, so callers only handle success.
 */
export function useMediaUpload() {
  const $q = useQuasar();
  const { t } = useI18n();
  const running = ref(0);

  function message(file: File, error: unknown): string {
    const name = file.name || 'image';
    if (error instanceof ApiError && error.status === 413) return t('media.tooLarge', { name });
    if (error instanceof ApiError && error.status === 415) return t('media.notAccepted', { name });
    return t('media.failed', {
      name,
      message: errorText(error),
    });
  }

  async function upload(file: File): Promise<Media | undefined> {
    running.value++;
    try {
      return await api.uploadMedia(file);
    } catch (error) {
      $q.notify({ type: 'negative', message: message(file, error) });
      return undefined;
    } finally {
      running.value--;
    }
  }

  /**
   * Uploads the file chosen in a hidden `<input type="file">` (a button clicked it), then empties the
   * input so that choosing the same file again is a change too. Undefined when nothing was chosen.
   */
  async function uploadPicked(picker: HTMLInputElement | null): Promise<Media | undefined> {
    const file = picker?.files?.[0];
    if (!file) return undefined;
    const media = await upload(file);
    picker.value = '';
    return media;
  }

  return { busy: computed(() => running.value > 0), upload, uploadPicked };
}

/** The smallest WebP file of an upload at least `width` wide (or its widest): avatars, thumbnails. */
export function mediaVariantUrl(media: Media, width: number): string {
  const webp = media.variants
    .filter((variant) => variant.format === 'webp')
    .sort((a, b) => a.width - b.width);
  return (
    (webp.find((variant) => variant.width >= width) ?? webp[webp.length - 1])?.url ?? media.url
  );
}
