// "Störung Internetanschluss": the demo's checklist for faults of networking products, also the
// fixture of the triage tests. Cables and power first, then the replacement router, then the line.
import type { ChecklistDefinition } from '../../../shared/checklists';

const yesNo = 'yes_no' as const;

export const INTERNET_FAULT_CHECKLIST: ChecklistDefinition = {
  steps: [
    {
      id: 'power',
      question: { de: 'Leuchtet die Power-LED des Routers?', en: 'Is the router’s power LED on?' },
      kind: yesNo,
      next: { yes: 'dsl_led', no: 'other_socket' },
    },
    {
      id: 'other_socket',
      question: {
        de: 'Leuchtet sie an einer anderen Steckdose mit einem anderen Netzteil?',
        en: 'Does it light up on another socket with another power supply?',
      },
      kind: yesNo,
      next: { yes: 'dsl_led', no: 'end' },
    },
    {
      id: 'dsl_led',
      question: { de: 'Wie verhält sich die DSL-LED?', en: 'What does the DSL LED do?' },
      kind: 'choice',
      choices: [
        { value: 'steady', label: { de: 'leuchtet dauerhaft', en: 'steady' } },
        { value: 'blinking', label: { de: 'blinkt', en: 'blinking' } },
        { value: 'off', label: { de: 'aus', en: 'off' } },
      ],
      next: { steady: 'login', blinking: 'replacement_router', off: 'replacement_router' },
    },
    {
      id: 'replacement_router',
      question: {
        de: 'Synchronisiert ein Ersatzrouter am selben Kabel?',
        en: 'Does a replacement router on the same cable synchronise?',
      },
      kind: yesNo,
      next: { yes: 'end', no: 'end' },
    },
    {
      id: 'login',
      question: {
        de: 'Meldet der Router eine erfolgreiche Anmeldung (PPPoE)?',
        en: 'Does the router report a successful login (PPPoE)?',
      },
      kind: yesNo,
      next: { yes: 'remarks', no: 'end' },
    },
    {
      id: 'remarks',
      question: { de: 'Was genau funktioniert nicht?', en: 'What exactly does not work?' },
      kind: 'text',
    },
  ],
  rules: [
    { when: [{ step: 'other_socket', equals: ['no'] }], classification: 'device' },
    { when: [{ step: 'replacement_router', equals: ['yes'] }], classification: 'device' },
    { when: [{ step: 'replacement_router', equals: ['no'] }], classification: 'line' },
    { when: [{ step: 'login', equals: ['no'] }], classification: 'configuration' },
  ],
};
