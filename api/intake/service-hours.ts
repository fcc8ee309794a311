// The team's service hours as the requester meets them: outside them, the form, the confirmation, the status
// page and the JSON answer say when the team answers again. The request is taken all the same.
import type { Stores } from '../../db';
import type { ExpectedWait } from '../../domain/expected-wait';
import { serviceState, type ServiceHours, type ServiceState } from '../../domain/service-hours';
import { translator } from '../i18n';
import { html, type SafeHtml } from '../ui/html';
import { rich } from './view';

export interface ServiceHoursNow {
  state: ServiceState;
  timeZone: string | null;
}

export async function serviceHoursNow(stores: Stores, workspaceId: string, now = new Date()): Promise<ServiceHoursNow> {
  return serviceHoursAt(await stores.serviceHours.get(workspaceId), now);
}

/** The same from hours already read (the intake reads them with its workspace: `workspaces.forIntake`). */
export function serviceHoursAt(hours: ServiceHours | null, now = new Date()): ServiceHoursNow {
  return { state: serviceState(hours, now), timeZone: hours?.timeZone ?? null };
}

/** "Monday 14 December at 09:00 (Europe/Helsinki time)", in the page's language, on the team's clock. */
function whenText(s: ServiceHoursNow, lang: string): string {
  if (s.state.open || !s.timeZone) return '';
  const when = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: s.timeZone,
  }).format(s.state.resumesAt);
  return translator(lang)('hours.when', { when, zone: s.timeZone });
}

/** The sentence, or '' while the team is open. `form`: before sending; `kept`: after (confirmation, status). */
export function serviceHoursText(s: ServiceHoursNow, lang: string, variant: 'form' | 'kept'): string {
  if (s.state.open) return '';
  return translator(lang)(variant === 'form' ? 'hours.closedForm' : 'hours.closed', { when: whenText(s, lang) });
}

export function serviceHoursLine(
  s: ServiceHoursNow | undefined,
  lang: string,
  variant: 'form' | 'kept',
): SafeHtml | '' {
  if (!s || s.state.open) return '';
  return html`<p class="card notice" id="service-hours" data-open="false" role="status">
    ${rich(serviceHoursText(s, lang, variant))}
  </p>`;
}

/** The JSON intake's field: open, or when the team resumes (the instant and its wall-clock time) and the words. */
export function serviceHoursJson(s: ServiceHoursNow, lang: string) {
  if (s.state.open) return { open: true as const };
  return {
    open: false as const,
    resumesAt: s.state.resumesAt.toISOString(),
    timeZone: s.timeZone,
    resumesLocal: `${s.state.resumes.date}T${s.state.resumes.time}`,
    message: serviceHoursText(s, lang, 'kept').replace(/\*\*/g, ''),
  };
}

/**
 * Outside the hours the generic "usually within hours" is not a promise to make beside the notice of when the team
 * answers again; an estimate from the team's own answers, or the honest "it may take longer", stays.
 */
export function waitBesideHours(wait: ExpectedWait | undefined, s: ServiceHoursNow): ExpectedWait | undefined {
  return !s.state.open && wait?.kind === 'usual' ? undefined : wait;
}
