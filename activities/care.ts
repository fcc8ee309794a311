// Care for the carers: the supervision check-ins a session opens (and the cool-down its hard outcome may start),
// and the check-ins' notices to the named supervisor and, when overdue, to the coordinators.
import { hasRole } from '../domain/roles';
import { coolDownFor, HARD_LOAD_DAYS, type CoolDownRule } from '../domain/care';
import type { Stores, SupervisionCheckin, User } from '../db';
import type { MessageName, Tell } from '../notifications';

export interface CareDeps {
  stores: Stores;
  tell: Tell;
  publicBaseUrl: string;
  onCallLead: (workspaceId: string, at: Date) => Promise<User | null>;
  now?: () => Date;
}

const DAY = 86_400_000;
const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function createCareActivities({ stores, tell, publicBaseUrl, onCallLead, now = () => new Date() }: CareDeps) {
  /** Who hears about a check-in: its supervisor, else the on-call lead, else the coordinators. */
  async function supervisorsOf(c: SupervisionCheckin): Promise<string[]> {
    if (c.supervisorId) return [c.supervisorId];
    const lead = await onCallLead(c.workspaceId, now());
    return lead ? [lead.id] : coordinatorsOf(c.workspaceId);
  }
  const coordinatorsOf = async (workspaceId: string) =>
    (await stores.users.listStaff(workspaceId)).filter((u) => hasRole(u, 'coordinator')).map((u) => u.id);

  async function notify(c: SupervisionCheckin, to: string[], message: MessageName, purpose: string) {
    const vars = { name: c.counselorName, due: when(c.dueAt), url: `${publicBaseUrl}/tasks#checkin-${c.id}` };
    for (const userId of to) {
      await tell({ userId }, message, vars, `${purpose}-${c.id}-${userId}`, {
        workspaceId: c.workspaceId,
        requestId: null,
      });
    }
  }

  return {
    /**
     * After a held session: its check-in (owned by the counselor's named supervisor, else the on-call lead),
     * and when the outcome was hard and the team's cool-down rule is met, the cool-down and its suggested
     * check-in, due at once. Returns the check-ins whose timers the workflow starts (ids and times only).
     */
    async openSupervisionCheckins(input: {
      sessionId: string;
      dueInMs: number;
      hard: boolean;
      coolDown: CoolDownRule | null;
    }): Promise<{ checkins: { checkinId: string; dueAt: number }[] }> {
      const s = await stores.aftercare.getSession(input.sessionId);
      if (!s) return { checkins: [] };
      const at = now();
      const named = await stores.care.supervisorOf(s.counselorId);
      const supervisorId = named?.id ?? (await onCallLead(s.workspaceId, at))?.id ?? null;
      const { checkin } = await stores.care.openCheckin({
        workspaceId: s.workspaceId,
        counselorId: s.counselorId,
        supervisorId,
        source: 'session',
        sessionId: s.id,
        dueAt: new Date(at.getTime() + input.dueInMs),
      });
      const out = [{ checkinId: checkin.id, dueAt: checkin.dueAt.getTime() }];
      if (input.hard && input.coolDown) {
        const since = new Date(at.getTime() - Math.max(input.coolDown.withinMs, HARD_LOAD_DAYS * DAY));
        const hard = (await stores.care.hardSessions([s.counselorId], since, at)).get(s.counselorId) ?? [];
        const decision = coolDownFor(hard, input.coolDown, at);
        if (decision) {
          const cool = await stores.care.startCoolDown({
            workspaceId: s.workspaceId,
            counselorId: s.counselorId,
            sessionId: s.id,
            decision,
          });
          await stores.events.add(s.requestId, 'cool-down-started', { sessionId: s.id, coolDownId: cool.id });
          const suggested = await stores.care.openCheckin({
            workspaceId: s.workspaceId,
            counselorId: s.counselorId,
            supervisorId,
            source: 'cool-down',
            cooldownId: cool.id,
            dueAt: at,
          });
          out.push({ checkinId: suggested.checkin.id, dueAt: suggested.checkin.dueAt.getTime() });
        }
      }
      return { checkins: out };
    },

    /** The check-in is due: its supervisor is told (once). 'done' when it was already held. */
    async remindSupervisor(input: { checkinId: string }): Promise<'sent' | 'done'> {
      const c = await stores.care.getCheckin(input.checkinId);
      if (!c || c.status === 'done') return 'done';
      const message: MessageName =
        c.source === 'asked'
          ? 'supervision.asked'
          : c.source === 'cool-down'
            ? 'supervision.cool-down'
            : 'supervision.due';
      await notify(c, await supervisorsOf(c), message, 'supervision-due');
      await stores.care.markCheckin(c.id, 'notified');
      return 'sent';
    },

    /** Overdue: the coordinators are told (once). 'done' when it was held in the meantime. */
    async escalateCheckin(input: { checkinId: string }): Promise<'sent' | 'done'> {
      const c = await stores.care.getCheckin(input.checkinId);
      if (!c || c.status === 'done') return 'done';
      await notify(c, await coordinatorsOf(c.workspaceId), 'supervision.overdue', 'supervision-overdue');
      await stores.care.markCheckin(c.id, 'escalated');
      return 'sent';
    },
  };
}
