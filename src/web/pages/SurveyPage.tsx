import { Box, Button, Card, Group, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, isApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';

type PublicSurvey = {
  caseNumber: string;
  subject: string;
  language: 'de' | 'en';
  answered: boolean;
  score: number | null;
  expiresAt: string;
};

const SCORES = [1, 2, 3, 4, 5] as const;

/** The one-question survey behind the link in the resolution mail: no login, phone first. */
export default function SurveyPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  usePageTitle(t('survey.title'));
  const queryClient = useQueryClient();
  const path = `/api/public/surveys/${encodeURIComponent(token)}`;
  const survey = useQuery({
    queryKey: ['public-survey', token],
    queryFn: ({ signal }) => api.get<PublicSurvey>(path, undefined, signal),
    retry: false,
  });
  // The page speaks the case contact's language at first; the switch still lets them change it.
  const language = survey.data?.language;
  // Only when the survey arrives: a later switch by the reader wins.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per survey language, on purpose
  useEffect(() => {
    if (language && i18n.language !== language) void i18n.changeLanguage(language);
  }, [language]);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const answer = useMutation({
    mutationFn: () => api.post<PublicSurvey>(path, { score, ...(comment.trim() ? { comment } : {}) }),
    onSuccess: (data) => queryClient.setQueryData(['public-survey', token], data),
    // Answered meanwhile (another tab, another person with the link): show that, not the form again.
    onError: (error) => {
      if (isApiError(error, 409)) void queryClient.invalidateQueries({ queryKey: ['public-survey', token] });
    },
  });
  const refusedAsSecond = isApiError(answer.error, 409);
  const s = survey.data;
  return (
    <Box className="cd-public">
      <Group component="header" justify="space-between" px="lg" py="md">
        <Text className="cd-brand">{t('common.appName')}</Text>
        <LanguageSwitch />
      </Group>
      <Box component="main" id="main" px="md" py="lg" maw={560} mx="auto">
        {survey.isPending ? (
          <PageLoader />
        ) : isApiError(survey.error, 410) ? (
          <Stack gap="xs">
            <Title order={1}>{t('survey.expiredTitle')}</Title>
            <Text>{t('survey.expired')}</Text>
          </Stack>
        ) : survey.isError ? (
          <ErrorAlert error={survey.error} title={t('survey.invalidTitle')}>
            <Text size="sm">{t('survey.invalid')}</Text>
          </ErrorAlert>
        ) : s?.answered ? (
          <Stack gap="xs" data-testid="survey-thanks">
            <Title order={1}>
              {t(refusedAsSecond ? 'survey.alreadyAnsweredTitle' : 'survey.thanksTitle')}
            </Title>
            {refusedAsSecond ? (
              <Text role="alert">{t('survey.alreadyAnswered', { number: s.caseNumber })}</Text>
            ) : (
              <Text>{t('survey.thanks', { number: s.caseNumber })}</Text>
            )}
          </Stack>
        ) : s ? (
          <Card
            withBorder
            padding="lg"
            component="form"
            aria-labelledby="survey-question"
            onSubmit={(e) => {
              e.preventDefault();
              if (score !== null) answer.mutate();
            }}
          >
            <Stack gap="md">
              <div>
                <Text c="dimmed" size="sm">
                  {s.caseNumber}: {s.subject}
                </Text>
                <Title order={1} size="h2" id="survey-question" mt={4}>
                  {t('survey.question')}
                </Title>
              </div>
              <div role="radiogroup" aria-labelledby="survey-question">
                <SimpleGrid cols={5} spacing="xs">
                  {SCORES.map((value) => (
                    <Button
                      key={value}
                      role="radio"
                      aria-checked={score === value}
                      aria-label={t(`survey.scores.${value}`)}
                      variant={score === value ? 'filled' : 'default'}
                      size="xl"
                      h={64}
                      px={0}
                      fz={24}
                      onClick={() => setScore(value)}
                    >
                      {value}
                    </Button>
                  ))}
                </SimpleGrid>
                <Group justify="space-between" mt={6}>
                  <Text size="xs" c="dimmed">
                    {t('survey.scores.1')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('survey.scores.5')}
                  </Text>
                </Group>
              </div>
              <Textarea
                label={t('survey.comment')}
                description={t('survey.commentHelp')}
                autosize
                minRows={3}
                maxLength={2000}
                value={comment}
                onChange={(e) => setComment(e.currentTarget.value)}
              />
              {answer.isError && <ErrorAlert error={answer.error} />}
              <Button type="submit" size="lg" disabled={score === null} loading={answer.isPending}>
                {t('survey.send')}
              </Button>
            </Stack>
          </Card>
        ) : null}
      </Box>
    </Box>
  );
}
