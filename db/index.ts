// What db/ offers: the connection, migrations and one store per table group.
import type { Knex } from 'knex';
import { createAftercareStore } from './stores/aftercare-store';
import { createMessagesStore } from './stores/messages-store';
import { createAuditStore } from './stores/audit-store';
import { createDispatchOutboxStore } from './stores/dispatch-outbox-store';
import { createEventsStore } from './stores/events-store';
import { createMatchingStore } from './stores/matching-store';
import { createNotificationsStore } from './stores/notifications-store';
import { createOffersStore } from './stores/offers-store';
import { createOutboxStore } from './stores/outbox-store';
import { createPausesStore } from './stores/pauses-store';
import { createRequestsStore } from './stores/requests-store';
import { createRotaStore } from './stores/rota-store';
import { createSafetyStore } from './stores/safety-store';
import { createSessionsStore } from './stores/sessions-store';
import { createSmsStore } from './stores/sms-store';
import { createTemplatesStore } from './stores/templates-store';
import { createUsersStore } from './stores/users-store';
import { createWorkspacesStore } from './stores/workspaces-store';

export { createDb, migrateLatest } from './knex';
export * from './types';
export { hashToken, newToken } from './secrets';
export { DELIVERY_STATUSES, type DeliveryStatus, type NotificationRecord } from './stores/notifications-store';
export type { InboxItem } from './stores/sms-store';
export type { AuditEntry, AuditInput } from './stores/audit-store';
export type { Pause, PauseSource } from './stores/pauses-store';
export * from './stores/aftercare-store';
export { threadAccess, type Message, type MessageThread, type ThreadAccess } from './stores/messages-store';
export { dueHandoverReminders, type HandoverReminder } from './handover-reminders';
export type { OnCallNow, OnCallOverride, RotaSettings, UpcomingShift } from './stores/rota-store';

export function createStores(db: Knex, dataKey: Buffer) {
  return {
    workspaces: createWorkspacesStore(db),
    users: createUsersStore(db),
    matching: createMatchingStore(db),
    requests: createRequestsStore(db, dataKey),
    offers: createOffersStore(db),
    notifications: createNotificationsStore(db),
    events: createEventsStore(db),
    sessions: createSessionsStore(db),
    outbox: createOutboxStore(db),
    templates: createTemplatesStore(db),
    dispatchOutbox: createDispatchOutboxStore(db),
    safety: createSafetyStore(db),
    sms: createSmsStore(db),
    rota: createRotaStore(db, createUsersStore(db)),
    audit: createAuditStore(db),
    pauses: createPausesStore(db),
    aftercare: createAftercareStore(db, dataKey),
    messages: createMessagesStore(db, dataKey),
  };
}
export type Stores = ReturnType<typeof createStores>;
