// Alerts to staff: who hears which alert, with a link to the request (and, for urgent ones, to acknowledge).
import { labelsFor } from '../notifications';
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
  | 'out-of-scope';

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
};

export function createAlertActivities({
  stores,
  tell,
  publicBaseUrl,
  onCallLead,
  now = () => new Date(),
}: ActivityDeps) {
  const { loadRequest, discreet } = requestHelpers(stores);

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

  return {
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
      const request = await loadRequest(input.requestId);
      const { people, onCallGap } = await alertAudience(request.workspaceId, AUDIENCE[input.reason]);
      const counselor = input.counselorId ? await stores.users.getById(input.counselorId) : undefined;
      const urgentKind = input.reason === 'urgent' || input.reason === 'urgent-unacknowledged';
      const quiet = await discreet(request.workspaceId);
      const purpose = `alert-${input.reason}-r${input.round}`;
      const outcomes = await heartbeating(() =>
        Promise.all(
          people.map(async (s) => {
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
        ...(onCallGap ? { onCallGap: true } : {}),
      });
      return { recipients: people.length, onCallGap };
    },
  };
}
