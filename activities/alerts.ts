// Alerts to staff: who hears which alert, with a link to the request (and, for urgent ones, to acknowledge).
import { Context } from '@temporalio/activity';
import { labelsFor } from '../notifications';
import { quietHoursEnd } from '../domain/quiet-hours';
import { hasRole } from '../domain/roles';
import { heartbeating, requestHelpers, requestVars, retryIfNeeded, type ActivityDeps } from './request-helpers';

export type AlertReason =
  | 'no-match'
  | 'widened'
  | 'no-accept'
  | 'assignment-refused'
  | 'urgent'
  | 'urgent-unacknowledged'
  | 'counselor-escalation'
  // After the win (activities/aftercare.ts):
  | 'handed-back'
  | 'unconfirmed'
  | 'missing-outcome'
  | 'debrief-overdue'
  | 'out-of-scope'
  // The silent winner (activities/first-contact.ts): the requester said no, or nobody confirmed in time.
  | 'requester-not-contacted'
  | 'first-contact-missing';

/**
 * Who hears an alert. Urgent alerts and counselor escalations go to the on-call lead alone (the
 * coordinators when the rota has a gap); an unacknowledged urgent alert goes to the coordinators;
 * dispatch alerts go to the coordinators and the on-call lead.
 */
const AUDIENCE: Record<AlertReason, 'on-call' | 'coordinators' | 'coordinators-and-on-call'> = {
  'no-match': 'coordinators-and-on-call',
  widened: 'coordinators-and-on-call',
  'no-accept': 'coordinators-and-on-call',
  'assignment-refused': 'coordinators-and-on-call',
  urgent: 'on-call',
  'urgent-unacknowledged': 'coordinators',
  'counselor-escalation': 'on-call',
  'handed-back': 'coordinators-and-on-call',
  unconfirmed: 'coordinators',
  'missing-outcome': 'coordinators',
  'debrief-overdue': 'coordinators',
  'out-of-scope': 'coordinators',
  'requester-not-contacted': 'coordinators',
  'first-contact-missing': 'coordinators',
};

export function createAlertActivities({
  stores,
  tell,
  publicBaseUrl,
  onCallLead,
  startMorningMessage,
  now = () => new Date(),
}: ActivityDeps) {
  const { loadRequest, discreet, loadForMessages } = requestHelpers(stores);

  /** The people an alert goes to; a rota gap sends the on-call part to the coordinators. */
  async function alertAudience(workspaceId: string, audience: (typeof AUDIENCE)[AlertReason]) {
    const staff = await stores.users.listStaff(workspaceId);
    const coordinators = staff.filter((u) => hasRole(u, 'coordinator'));
    if (audience === 'coordinators') return { people: coordinators, onCallGap: false };
    const lead = await onCallLead(workspaceId, now());
    const onCall = lead ? [lead] : coordinators;
    const people =
      audience === 'on-call' ? onCall : [...new Map([...coordinators, ...onCall].map((u) => [u.id, u])).values()];
    return { people, onCallGap: !lead };
  }

  /**
   * Holds the alert for each person now in their own quiet hours (a row per person, alert and request) and
   * makes sure their morning message is waiting; returns who was held. Without a way to start the morning
   * message nobody is held.
   */
  async function holdForMorning(
    people: { id: string }[],
    request: { id: string; workspaceId: string },
    reason: AlertReason,
    purpose: string,
  ): Promise<Set<string>> {
    const held = new Set<string>();
    if (!startMorningMessage) return held;
    const at = now();
    for (const q of await stores.heldAlerts.staffQuietHours(people.map((p) => p.id))) {
      const until = quietHoursEnd(at, q.quietStart, q.quietEnd, q.timeZone);
      if (!until) continue;
      const dueAt = await stores.heldAlerts.hold({
        workspaceId: request.workspaceId,
        userId: q.id,
        requestId: request.id,
        reason,
        purpose,
        dueAt: until,
      });
      await startMorningMessage({ userId: q.id, dueAt: dueAt.getTime() });
      held.add(q.id);
    }
    return held;
  }

  return {
    /**
     * The alerts held in a person's quiet hours, in one message when the hours end. Sent once: the
     * alerts are claimed for this message before it is built, and the ledger keys it by the workflow's run.
     */
    async sendMorningMessage(input: { userId: string; dueAt: number }): Promise<{ alerts: number }> {
      let run = 'direct';
      try {
        run = Context.current().info.workflowExecution?.runId ?? run;
      } catch {
        // called outside an activity (a unit test)
      }
      const purpose = `morning-${input.dueAt}-${run}`;
      const alerts = await stores.heldAlerts.claimForMorning(input.userId, purpose, new Date(input.dueAt));
      if (alerts.length === 0) return { alerts: 0 };
      const requests = new Map<string, Awaited<ReturnType<typeof loadRequest>>>();
      for (const a of alerts) if (!requests.has(a.requestId)) requests.set(a.requestId, await loadRequest(a.requestId));
      const workspaceId = alerts[0].workspaceId;
      const quiet = await discreet(workspaceId);
      const result = await tell(
        { userId: input.userId },
        'morning',
        ({ language, channel }) => {
          const l = labelsFor(language);
          return {
            count: alerts.length,
            url: `${publicBaseUrl}/board`,
            list: alerts
              .map((a) => {
                const r = requests.get(a.requestId)!;
                const v = requestVars(r, language, channel, quiet);
                return `- ${l.alertReasons[a.reason] ?? a.reason}: ${v.lockTopic}, ${v.language} ${publicBaseUrl}/requests/${r.id}\n`;
              })
              .join(''),
          };
        },
        purpose,
        { workspaceId, requestId: null },
      );
      retryIfNeeded(result.outcomes, 'morning messages');
      return { alerts: alerts.length };
    },

    /**
     * Alerts staff by SMS and email, with a link to the request (and, for urgent alerts, a link to
     * acknowledge). A counselor's escalation carries their name and phone number so the call can happen now.
     */
    async alertStaff(input: {
      requestId: string;
      reason: AlertReason;
      /** Part of the idempotency key: a dispatch round, a repeat number, or an escalation's id. */
      round: number | string;
      counselorId?: string;
    }): Promise<{ recipients: number; onCallGap: boolean }> {
      const { request, discreet: quiet } = await loadForMessages(input.requestId);
      const { people, onCallGap } = await alertAudience(request.workspaceId, AUDIENCE[input.reason]);
      const counselor = input.counselorId ? await stores.users.getById(input.counselorId) : undefined;
      const urgentKind = input.reason === 'urgent' || input.reason === 'urgent-unacknowledged';
      const purpose = `alert-${input.reason}-r${input.round}`;
      // Nights kept for staff: a non-urgent alert waits for the end of the person's quiet hours and goes out
      // in their morning message; someone who may be in danger now reaches them at once.
      const mayWait = !urgentKind && input.reason !== 'counselor-escalation' && !request.urgent;
      const held = mayWait ? await holdForMorning(people, request, input.reason, purpose) : new Set<string>();
      const outcomes = await heartbeating(() =>
        Promise.all(
          people
            .filter((s) => !held.has(s.id))
            .map(async (s) => {
              // One acknowledgement link per person and alert, minted only when a message is really built.
              let ack: Promise<string> | undefined;
              const result = await tell(
                { userId: s.id },
                'alert',
                async ({ language, channel }) => {
                  const l = labelsFor(language);
                  return {
                    ...requestVars(request, language, channel, quiet),
                    reason:
                      (l.alertReasons[input.reason] ?? input.reason) +
                      (counselor ? ` (${counselor.name}, ${counselor.phone ?? counselor.email})` : ''),
                    urgent: request.urgent ? l.urgentSms : '',
                    url: urgentKind
                      ? `${publicBaseUrl}/a/${await (ack ??= stores.safety.mintAlertLink(request.id, s.id))}`
                      : `${publicBaseUrl}/requests/${request.id}`,
                    ackHint: urgentKind ? l.alertAckHint : '',
                  };
                },
                purpose,
                { workspaceId: request.workspaceId, requestId: request.id, urgent: urgentKind },
              );
              return result.outcomes;
            }),
        ),
      );
      retryIfNeeded(outcomes.flat(), 'alerts');
      await stores.events.add(request.id, 'escalated', {
        reason: input.reason,
        staff: people.length,
        ...(held.size > 0 ? { heldForMorning: held.size } : {}),
        ...(onCallGap ? { onCallGap: true } : {}),
      });
      return { recipients: people.length, onCallGap };
    },
  };
}
