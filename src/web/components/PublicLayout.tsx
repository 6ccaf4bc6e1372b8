import { Box, Center, Group, Paper, Text } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch';
import { PageLoader } from './PageLoader';

/** Frame for the pages a visitor sees before logging in. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <Box className="cd-public">
      <Group component="header" justify="space-between" px="lg" py="md">
        <Text className="cd-brand">{t('common.appName')}</Text>
        <LanguageSwitch />
      </Group>
      <Center component="main" id="main" px="md" py="xl">
        <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={440}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Paper>
      </Center>
    </Box>
  );
}
