// What db/ offers: the connection, migrations and one store per table group.
import type { Knex } from 'knex';
import { createHeldAlertsStore } from './stores/held-alerts-store';
import { createAftercareStore } from './stores/aftercare-store';
import { createMessagesStore } from './stores/messages-store';
import { createAuditStore } from './stores/audit-store';
import { createBoardStore } from './stores/board-store';
import { createCounselorHomeStore } from './stores/counselor-home-store';
import { createDispatchOutboxStore } from './stores/dispatch-outbox-store';
import { createNoticeOutboxStore } from './stores/notice-outbox-store';
import { createEventsStore } from './stores/events-store';
import { createMatchingStore } from './stores/matching-store';
import { createMetricsStore } from './stores/metrics-store';
import { createNotificationsStore } from './stores/notifications-store';
import { createOffersStore } from './stores/offers-store';
import { createDevOutboxStore } from './stores/dev-outbox-store';
import { createPausesStore } from './stores/pauses-store';
import { createRateLimitsStore } from './stores/rate-limits-store';
import { createAccountsStore } from './stores/accounts-store';
import { createLinkExpiryStore } from './stores/link-expiry-store';
import { createIntakeOriginsStore } from './stores/intake-origins-store';
import { createServiceHoursStore } from './stores/service-hours-store';
import { createPoolStore } from './stores/pool-store';
import { createOnboardingStore } from './stores/onboarding-store';
import { createHealthStore } from './stores/health-store';
import { createRequestsStore } from './stores/requests-store';
import { createRetentionStore } from './stores/retention-store';
import { createRotaStore } from './stores/rota-store';
import { createSafetyStore } from './stores/safety-store';
import { createSignInSessionsStore } from './stores/sign-in-sessions-store';
import { createSmsStore } from './stores/sms-store';
import { createTemplatesStore } from './stores/templates-store';
import { createUsersStore } from './stores/users-store';
import { createWorkspacesStore } from './stores/workspaces-store';
import { createTeamStore } from './stores/team-store';
import { createDatabaseStore } from './stores/database-store';
import { createCareStore } from './stores/care-store';
import { createPasskeysStore } from './stores/passkeys-store';
import { createForecastStore } from './stores/forecast-store';
import { createReachOutStore } from './stores/reach-out-store';
import { createTeamChannelStore } from './stores/team-channel-store';
import { createShiftSwapsStore } from './stores/shift-swaps-store';

export { assertMigrated, createDb, migrateLatest, pendingMigrations } from './knex';
export { createRequestEventListener, type RequestEventListener } from './request-event-listener';
export * from '../domain/types';
export { hashToken, newToken } from './secrets';
export { DELIVERY_STATUSES, type DeliveryStatus, type NotificationRecord } from './stores/notifications-store';
export type { InboxItem } from './stores/sms-store';
export type { AuditEntry, AuditInput } from './stores/audit-store';
export type { Pause, PauseSource } from './stores/pauses-store';
export type { LinkKind } from './stores/link-expiry-store';
export { REQUEST_EVENTS_CHANNEL, type BoardNotice, type BoardRow, type BoardSettings } from './stores/board-store';
export { CLOSED_PHASES, RETENTION_DAYS } from './stores/retention-store';
export type { WaitingForMorning, HeldAlert } from './stores/held-alerts-store';
export type { CounselorProfile, ProfileChanges, Vocabulary } from './stores/pool-store';
export type { MatchCriteria, MatchExplanation } from './stores/matching-store';
export type { CodeCheck, Invitation } from './stores/onboarding-store';
export type { DeactivationReport } from './stores/team-store';
export type { Transaction } from './stores/database-store';
export { poolHealth, type CounselorHistory, type HealthFlag, type PoolHealth } from '../domain/pool-health';
export * from './stores/aftercare-store';
export { threadAccess, type Message, type MessageThread, type ThreadAccess } from './stores/messages-store';
export { dueHandoverReminders, type HandoverReminder } from './handover-reminders';
export type { CoolDown, SupervisionCheckin, CheckinSource } from './stores/care-store';
export type { TeamForecast } from './stores/forecast-store';
export type { ReachOut } from './stores/reach-out-store';
export type { ChannelPost } from './stores/team-channel-store';
export type { OnCallNow, OnCallOverride, RotaSettings, UpcomingShift } from './stores/rota-store';
export { swapOverrideNote } from './stores/shift-swaps-store';

export function createStores(db: Knex, dataKey: Buffer) {
  return {
    workspaces: createWorkspacesStore(db),
    users: createUsersStore(db),
    matching: createMatchingStore(db),
    requests: createRequestsStore(db, dataKey),
    offers: createOffersStore(db),
    notifications: createNotificationsStore(db),
    events: createEventsStore(db),
    signInSessions: createSignInSessionsStore(db),
    devOutbox: createDevOutboxStore(db),
    templates: createTemplatesStore(db),
    dispatchOutbox: createDispatchOutboxStore(db),
    noticeOutbox: createNoticeOutboxStore(db),
    safety: createSafetyStore(db),
    sms: createSmsStore(db),
    rota: createRotaStore(db, createUsersStore(db)),
    audit: createAuditStore(db),
    pauses: createPausesStore(db),
    rateLimits: createRateLimitsStore(db),
    accounts: createAccountsStore(db, dataKey),
    linkExpiry: createLinkExpiryStore(db),
    intakeOrigins: createIntakeOriginsStore(db),
    serviceHours: createServiceHoursStore(db),
    board: createBoardStore(db),
    metrics: createMetricsStore(db),
    counselorHome: createCounselorHomeStore(db),
    retention: createRetentionStore(db, dataKey),
    pool: createPoolStore(db),
    onboarding: createOnboardingStore(db, createUsersStore(db)),
    health: createHealthStore(db),
    team: createTeamStore(db),
    passkeys: createPasskeysStore(db),
    aftercare: createAftercareStore(db, dataKey),
    messages: createMessagesStore(db, dataKey),
    care: createCareStore(db),
    heldAlerts: createHeldAlertsStore(db),
    forecast: createForecastStore(db, createHealthStore(db), createPoolStore(db)),
    reachOuts: createReachOutStore(db),
    teamChannel: createTeamChannelStore(db, dataKey),
    database: createDatabaseStore(db),
    shiftSwaps: createShiftSwapsStore(db, createAuditStore(db)),
  };
}
export type Stores = ReturnType<typeof createStores>;
