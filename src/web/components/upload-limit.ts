// The largest file the server takes (ATTACHMENT_MAX_MB, sent with the session): every upload states
// it next to its button and refuses a larger file before sending, with the file's name and size,
// instead of a request that fails halfway (or a case opened without its file).
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../cases/CaseBadges';
import { useSessionQuery } from '../session';

/** The server's default, for a session from an older server that does not send its limits. */
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

export type UploadLimit = {
  maxBytes: number;
  /** "Höchstens 25 MB je Datei" */
  hint: string;
  /** The message for the first file past the limit, or null when all fit. */
  refusal: (files: readonly File[]) => string | null;
};

export function useUploadLimit(): UploadLimit {
  const { t, i18n } = useTranslation();
  const { data } = useSessionQuery();
  const maxBytes = data?.limits?.attachmentMaxBytes ?? DEFAULT_MAX_BYTES;
  const max = formatBytes(maxBytes, i18n.language);
  return {
    maxBytes,
    hint: t('uploads.limit', { max }),
    refusal: (files) => {
      const tooLarge = files.find((file) => file.size > maxBytes);
      if (tooLarge)
        return t('uploads.tooLarge', {
          name: tooLarge.name,
          size: formatBytes(tooLarge.size, i18n.language),
          max,
        });
      const empty = files.find((file) => file.size === 0);
      return empty ? t('uploads.empty', { name: empty.name }) : null;
    },
  };
}
