import { lazy, type ReactNode, useEffect } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { setUnauthorizedHandler } from './api';
import { ErrorAlert } from './components/ErrorAlert';
import { ErrorBoundary } from './components/ErrorBoundary';
import { PageLoader } from './components/PageLoader';
import { useSessionQuery, useSetSession } from './session';

// Routes load on demand so the first paint only needs the shell.
const AppLayout = lazy(() => import('./components/AppLayout').then((m) => ({ default: m.AppLayout })));
const PublicLayout = lazy(() =>
  import('./components/PublicLayout').then((m) => ({ default: m.PublicLayout })),
);
const LoginPage = lazy(() => import('./pages/LoginPage'));
const ForgotPasswordPage = lazy(() => import('./pages/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('./pages/ResetPasswordPage'));
const OverviewPage = lazy(() => import('./pages/OverviewPage'));
const OrganisationsPage = lazy(() => import('./pages/OrganisationsPage'));
const OrganisationPage = lazy(() => import('./pages/OrganisationPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const SettingsPage = lazy(() => import('./pages/SettingsPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const CasesPage = lazy(() => import('./pages/CasesPage'));
const CasePage = lazy(() => import('./pages/CasePage'));
const NewCasePage = lazy(() => import('./pages/NewCasePage'));
const MailPage = lazy(() => import('./pages/MailPage'));
const MailboxesPage = lazy(() => import('./pages/MailboxesPage'));
const PublicStatusPage = lazy(() => import('./pages/PublicStatusPage'));
const SurveyPage = lazy(() => import('./pages/SurveyPage'));
const ServiceReportsPage = lazy(() => import('./pages/ServiceReportsPage'));
const ChannelWorklistPage = lazy(() => import('./pages/ChannelWorklistPage'));
const ChannelReportsPage = lazy(() => import('./pages/ChannelReportsPage'));
const ChannelLeadsPage = lazy(() => import('./pages/ChannelLeadsPage'));
const ChannelLeadPage = lazy(() => import('./pages/ChannelLeadPage'));
const ChannelSettingsPage = lazy(() => import('./pages/ChannelSettingsPage'));
const LeadsInboxPage = lazy(() => import('./pages/LeadsInboxPage'));
const PartnerLeadPage = lazy(() => import('./pages/PartnerLeadPage'));
const AboutPage = lazy(() => import('./pages/AboutPage'));
const AssetsPage = lazy(() => import('./pages/AssetsPage'));
const AssetPage = lazy(() => import('./pages/AssetPage'));
const DealRegistrationsPage = lazy(() => import('./pages/DealRegistrationsPage'));
const SellerSettingsPage = lazy(() => import('./pages/SellerSettingsPage'));
const ChecklistsPage = lazy(() => import('./pages/ChecklistsPage'));
const CaseSettingsPage = lazy(() => import('./pages/CaseSettingsPage'));
const CausesAdminPage = lazy(() => import('./pages/admin/CausesAdminPage'));
const TextModulesAdminPage = lazy(() => import('./pages/admin/TextModulesAdminPage'));
const SlaAdminPage = lazy(() => import('./pages/admin/SlaAdminPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const GroupsPage = lazy(() => import('./pages/GroupsPage'));
const ChargeTypesPage = lazy(() => import('./pages/ChargeTypesPage'));
const InvoiceRequestRulesPage = lazy(() => import('./pages/InvoiceRequestRulesPage'));
const DatevExportPage = lazy(() => import('./pages/DatevExportPage'));
const PaymentsPage = lazy(() => import('./pages/PaymentsPage'));
const DunningSettingsPage = lazy(() => import('./pages/DunningSettingsPage'));
const AccountPage = lazy(() => import('./pages/AccountPage'));
const FeedSourcesPage = lazy(() => import('./pages/FeedSourcesPage'));
const ReturnsPage = lazy(() => import('./pages/ReturnsPage'));

export type LoginState = { from?: string } | null;

function RequireSession({ children }: { children: ReactNode }) {
  const { data: session } = useSessionQuery();
  const location = useLocation();
  if (!session) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/login" replace state={from === '/' ? null : ({ from } satisfies LoginState)} />;
  }
  return children;
}

function RedirectIfLoggedIn({ children }: { children: ReactNode }) {
  const { data: session } = useSessionQuery();
  const location = useLocation();
  if (session) return <Navigate to={(location.state as LoginState)?.from ?? '/'} replace />;
  return children;
}

export function App() {
  const session = useSessionQuery();
  const setSession = useSetSession();

  // A 401 anywhere means the session ended (expired, logged out elsewhere): back to login.
  useEffect(() => {
    setUnauthorizedHandler(() => setSession(null));
  }, [setSession]);

  if (session.isPending) return <PageLoader />;
  if (session.isError) {
    return (
      <main style={{ maxWidth: 560, margin: '4rem auto', padding: '0 1rem' }}>
        <ErrorAlert error={session.error} />
      </main>
    );
  }

  return (
    <ErrorBoundary>
      <Routes>
        <Route
          element={
            <RedirectIfLoggedIn>
              <PublicLayout />
            </RedirectIfLoggedIn>
          }
        >
          <Route path="login" element={<LoginPage />} />
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
        </Route>
        <Route element={<PublicLayout />}>
          <Route path="reset-password" element={<ResetPasswordPage />} />
        </Route>
        <Route path="status/:token" element={<PublicStatusPage />} />
        <Route path="survey/:token" element={<SurveyPage />} />
        <Route
          element={
            <RequireSession>
              <AppLayout />
            </RequireSession>
          }
        >
          <Route index element={<OverviewPage />} />
          <Route path="cases" element={<CasesPage />} />
          <Route path="cases/new" element={<NewCasePage />} />
          <Route path="cases/:id" element={<CasePage />} />
          <Route path="organisations" element={<OrganisationsPage />} />
          <Route path="organisations/:id" element={<OrganisationPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="channel/worklist" element={<ChannelWorklistPage />} />
          <Route path="channel/reports" element={<ChannelReportsPage />} />
          <Route path="reports/causes" element={<ServiceReportsPage />} />
          <Route path="reports/surveys" element={<ServiceReportsPage />} />
          <Route path="channel/leads" element={<ChannelLeadsPage />} />
          <Route path="channel/leads/:id" element={<ChannelLeadPage />} />
          <Route path="channel/settings" element={<ChannelSettingsPage />} />
          <Route path="leads" element={<LeadsInboxPage />} />
          <Route path="leads/:id" element={<PartnerLeadPage />} />
          <Route path="assets" element={<AssetsPage />} />
          <Route path="assets/:id" element={<AssetPage />} />
          <Route path="deal-registrations" element={<DealRegistrationsPage />} />
          <Route path="mail" element={<MailPage />} />
          <Route path="mail/mailboxes" element={<MailboxesPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="settings/seller" element={<SellerSettingsPage />} />
          <Route path="settings/checklists" element={<ChecklistsPage />} />
          <Route path="settings/cases" element={<CaseSettingsPage />} />
          <Route path="settings/causes" element={<CausesAdminPage />} />
          <Route path="settings/text-modules" element={<TextModulesAdminPage />} />
          <Route path="settings/sla" element={<SlaAdminPage />} />
          <Route path="settings/users" element={<UsersPage />} />
          <Route path="settings/groups" element={<GroupsPage />} />
          <Route path="billing/charge-types" element={<ChargeTypesPage />} />
          <Route path="billing/invoice-request-rules" element={<InvoiceRequestRulesPage />} />
          <Route path="billing/export" element={<DatevExportPage />} />
          <Route path="billing/payments" element={<PaymentsPage />} />
          <Route path="billing/dunning" element={<DunningSettingsPage />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="monitoring/sources" element={<FeedSourcesPage />} />
          <Route path="returns" element={<ReturnsPage />} />
          <Route path="about" element={<AboutPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </ErrorBoundary>
  );
}
