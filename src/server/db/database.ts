import type { Kysely, Transaction } from 'kysely';
import type { OutboxTable } from '../jobs/outbox.table';
import type { TimerTable } from '../jobs/timer.table';
import type { AuditLogTable } from '../modules/audit/audit.table';
import type { ApiTokenTable, SessionTable } from '../modules/auth/auth.table';
import type {
  BillingAccountTable,
  ChargeTable,
  ChargeTypeTable,
  InvoiceDocumentTable,
  InvoiceLineTable,
  InvoiceNumberCounterTable,
  InvoiceTable,
  SellerSettingsTable,
} from '../modules/billing/billing.table';
import type { DatevSettingsTable } from '../modules/billing/datev.table';
import type { DunningNoticeTable, DunningSettingsTable } from '../modules/billing/dunning.table';
import type { InvoiceRequestRuleTable, InvoiceRequestTable } from '../modules/billing/invoice-request.table';
import type { PaymentAllocationTable, PaymentTable } from '../modules/billing/payment.table';
import type {
  CaseAttachmentTable,
  CaseCommitmentTable,
  CaseDecisionTable,
  CaseEventTable,
  CaseFactTable,
  CaseGroupMemberTable,
  CaseGroupTable,
  CaseLinkTable,
  CaseMessageTable,
  CaseStatusLinkTable,
  CaseTagTable,
  CauseTable,
  SavedViewTable,
  SupportCaseTable,
} from '../modules/cases/case.table';
import type { CaseSettingsTable } from '../modules/cases/case-settings.table';
import type { AssetTable } from '../modules/channel/asset.table';
import type {
  ChannelSettingsTable,
  DealRegistrationTable,
  DirectContactTable,
  LeadStepTable,
  LeadTable,
} from '../modules/channel/lead.table';
import type { PartnerGradeTable, PartnerProfileTable } from '../modules/channel/partner-profile.table';
import type { InboundMailTable, MailboxTable, MailReferenceTable } from '../modules/mail/mail.table';
import type {
  FeedEntrySeenTable,
  FeedSourceTable,
  MentionSuggestionTable,
} from '../modules/monitoring/monitoring.table';
import type {
  NotificationPreferenceTable,
  NotificationTable,
} from '../modules/notifications/notification.table';
import type { OrganisationTable, ResellerOfRecordTable } from '../modules/organisations/organisation.table';
import type { CaseReturnItemTable, CaseReturnTable } from '../modules/returns/return.table';
import type { CaseClockTable, SlaPolicyTable } from '../modules/sla/sla.table';
import type { CaseSurveyTable } from '../modules/surveys/survey.table';
import type { TextModuleTable } from '../modules/text-modules/text-module.table';
import type {
  CaseAppointmentTable,
  CaseReplacementTable,
  ChecklistRunTable,
  ChecklistTable,
} from '../modules/triage/triage.table';
import type { PersonTable } from '../modules/users/person.table';
import type { DialectName } from './dialect';

export interface CounterTable {
  name: string;
  value: number | string;
}

/** The whole schema, composed from the modules' table files. */
export interface Database {
  counter: CounterTable;
  organisation: OrganisationTable;
  reseller_of_record: ResellerOfRecordTable;
  partner_grade: PartnerGradeTable;
  partner_profile: PartnerProfileTable;
  asset: AssetTable;
  lead: LeadTable;
  lead_step: LeadStepTable;
  deal_registration: DealRegistrationTable;
  direct_contact: DirectContactTable;
  channel_settings: ChannelSettingsTable;
  seller_settings: SellerSettingsTable;
  charge_type: ChargeTypeTable;
  billing_account: BillingAccountTable;
  charge: ChargeTable;
  invoice_number_counter: InvoiceNumberCounterTable;
  invoice: InvoiceTable;
  invoice_line: InvoiceLineTable;
  invoice_request_rule: InvoiceRequestRuleTable;
  invoice_request: InvoiceRequestTable;
  invoice_document: InvoiceDocumentTable;
  payment: PaymentTable;
  payment_allocation: PaymentAllocationTable;
  dunning_settings: DunningSettingsTable;
  dunning_notice: DunningNoticeTable;
  datev_settings: DatevSettingsTable;
  checklist: ChecklistTable;
  checklist_run: ChecklistRunTable;
  case_appointment: CaseAppointmentTable;
  case_replacement: CaseReplacementTable;
  person: PersonTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  support_case: SupportCaseTable;
  case_group: CaseGroupTable;
  case_group_member: CaseGroupMemberTable;
  cause: CauseTable;
  case_tag: CaseTagTable;
  case_message: CaseMessageTable;
  case_attachment: CaseAttachmentTable;
  case_event: CaseEventTable;
  case_fact: CaseFactTable;
  case_commitment: CaseCommitmentTable;
  case_decision: CaseDecisionTable;
  case_link: CaseLinkTable;
  case_status_link: CaseStatusLinkTable;
  text_module: TextModuleTable;
  saved_view: SavedViewTable;
  sla_policy: SlaPolicyTable;
  case_clock: CaseClockTable;
  timer: TimerTable;
  mailbox: MailboxTable;
  inbound_mail: InboundMailTable;
  mail_reference: MailReferenceTable;
  feed_source: FeedSourceTable;
  feed_entry_seen: FeedEntrySeenTable;
  mention_suggestion: MentionSuggestionTable;
  case_return: CaseReturnTable;
  case_return_item: CaseReturnItemTable;
  case_survey: CaseSurveyTable;
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  case_settings: CaseSettingsTable;
}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/** A database handle together with what dialect it speaks. */
export type DatabaseContext = {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
  /** SQLite only: writes a consistent copy of the live database to `file`. */
  backup?(file: string, onProgress: (done: number, total: number) => void): Promise<void>;
};
