// The largest file the server takes (ATTACHMENT_MAX_MB, sent with the session): every upload states
// it next to its button and refuses a larger file before sending, with the file's name and size,
// instead of a request that fails halfway (or a case opened without its file).
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../cases/CaseBadges';
import { useSessionQuery } from '../session';

/** The server's default, for a session from an older server that does not send its limits. */
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/** A chosen file the server would refuse; said in words by `say`, in the language shown now. */
export type Refusal = { name: string; size: number };

export type UploadLimit = {
  maxBytes: number;
  /** "Höchstens 25 MB je Datei" */
  hint: string;
  /** The first file past the limit (or empty), or null when all fit. */
  refusal: (files: readonly File[]) => Refusal | null;
  say: (refusal: Refusal) => string;
};

/** The attachment limit, or another upload's own (`ownMaxBytes`, e.g. the bank statement import). */
export function useUploadLimit(ownMaxBytes?: number): UploadLimit {
  const { t, i18n } = useTranslation();
  const { data } = useSessionQuery();
  const maxBytes = ownMaxBytes ?? data?.limits?.attachmentMaxBytes ?? DEFAULT_MAX_BYTES;
  const max = formatBytes(maxBytes, i18n.language);
  return {
    maxBytes,
    hint: t('uploads.limit', { max }),
    refusal: (files) => {
      const refused = files.find((file) => file.size > maxBytes || file.size === 0);
      return refused ? { name: refused.name, size: refused.size } : null;
    },
    say: ({ name, size }) =>
      size === 0
        ? t('uploads.empty', { name })
        : t('uploads.tooLarge', { name, size: formatBytes(size, i18n.language), max }),
  };
}
