import { Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The signature the server puts below a public reply's text when it mails it (closing, author,
 * mailbox), shown read-only under the editor so the writer neither types a second one nor
 * expects text to go below it.
 */
export function ReplySignature({ lines }: { lines: string[] }) {
  const { t } = useTranslation();
  return (
    <Box
      data-testid="reply-signature"
      role="group"
      aria-label={t('cases.reply.signatureLabel')}
      pl="sm"
      style={{ borderLeft: '2px solid var(--mantine-color-gray-4)' }}
    >
      <Text size="xs" c="dimmed" fs="italic">
        {t('cases.reply.signatureHint')}
      </Text>
      <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
        {lines.join('\n')}
      </Text>
    </Box>
  );
}
