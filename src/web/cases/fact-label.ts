// A fact's label in the reader's language. A case keeps each fact's key (`serial_number`) and the
// label its writer saw, in the writer's language; known keys are shown in the reader's words, so
// an English agent reads "Serial number" where the customer typed into "Seriennummer". Facts an
// agent named freely keep their label as written.
import { useTranslation } from 'react-i18next';

export function useFactLabel(): (fact: { key: string; label: string }) => string {
  const { t, i18n } = useTranslation();
  return ({ key, label }) => {
    for (const path of [`cases.newCase.fact.${key}`, `cases.factLabel.${key}`])
      if (i18n.exists(path)) return t(path as 'cases.factLabel.model');
    return label;
  };
}
