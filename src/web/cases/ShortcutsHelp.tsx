import { Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export const SHORTCUTS = [
  { keys: ['?'], action: 'help' },
  { keys: ['/'], action: 'search' },
  { keys: ['j', '↓'], action: 'down' },
  { keys: ['k', '↑'], action: 'up' },
  { keys: ['n'], action: 'next' },
  { keys: ['r'], action: 'reply' },
  { keys: ['i'], action: 'note' },
  { keys: ['a'], action: 'assign' },
  { keys: ['Ctrl', 'Enter'], action: 'send' },
] as const;

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('shortcuts.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('shortcuts.keys')}</Table.Th>
            <Table.Th scope="col">{t('shortcuts.action')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.action}>
              <Table.Td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && (s.action === 'send' ? ' + ' : ' / ')}
                    <Kbd>{k}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{t(`shortcuts.${s.action}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
