// The dispatch policy as a coordinator edits it: from a JSON body or the settings form to a policy, and
// validatePolicy's problems back to the form field they concern. Pure, so it is unit-tested on its own.
import {
  DEFAULT_DISPATCH_POLICY,
  validatePolicy,
  WIDENING_STEPS,
  withDefaults,
  type DispatchPolicy,
  type WaveChannel,
  type WavePolicy,
  type WideningStep,
} from '../../domain/policy';

/** At most this many wave rows on the form: more waves than this is a policy nobody can reason about. */
export const MAX_WAVE_ROWS = 10;

/** The policy's fields, and a wave's, as the defaults spell them out (so a field added to the policy is known here too). */
const POLICY_FIELDS = Object.keys(DEFAULT_DISPATCH_POLICY);
const WAVE_FIELDS = [...new Set(DEFAULT_DISPATCH_POLICY.waves.flatMap((w) => Object.keys(w)))];

const pick = (from: Record<string, unknown>, fields: string[]) =>
  Object.fromEntries(fields.filter((f) => from[f] !== undefined).map((f) => [f, from[f]]));

/**
 * A JSON body to the policy it describes: fields left out take the defaults (as a stored policy does),
 * unknown fields are dropped, and whatever is left is for validatePolicy to judge.
 */
export function policyFromJson(body: unknown): { policy: DispatchPolicy; problems: string[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { policy: withDefaults({}), problems: ['policy must be an object'] };
  }
  const p = withDefaults(pick(body as Record<string, unknown>, POLICY_FIELDS));
  const policy: DispatchPolicy = {
    ...p,
    waves: Array.isArray(p.waves)
      ? p.waves.map((w: unknown) =>
          w && typeof w === 'object'
            ? (pick(w as Record<string, unknown>, WAVE_FIELDS) as unknown as WavePolicy)
            : (w as WavePolicy),
        )
      : p.waves,
  };
  return { policy, problems: validatePolicy(policy) };
}

/** One row of the waves table as typed: an empty channel means "no wave here" and the row is left out. */
export interface WaveRow {
  channel: string;
  wait: string;
  urgentWait: string;
}

/** The form's values as typed, so a page with errors shows exactly what was sent. */
export interface PolicyFormValues {
  waves: WaveRow[];
  holdOpen: string;
  urgentHoldOpen: string;
  widening: WideningStep[];
  smsIncludesLink: boolean;
  alternatives: string;
  assignmentRefusalWindow: string;
}

export function formValuesOf(policy: DispatchPolicy): PolicyFormValues {
  return {
    waves: policy.waves.map((w) => ({ channel: w.channel, wait: w.wait, urgentWait: w.urgentWait ?? '' })),
    holdOpen: policy.holdOpen,
    urgentHoldOpen: policy.urgentHoldOpen ?? '',
    widening: [...policy.widening],
    smsIncludesLink: policy.smsIncludesLink,
    alternatives: policy.alternatives,
    assignmentRefusalWindow: policy.assignmentRefusalWindow,
  };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? text(v[0]) : '').trim();
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : typeof v === 'string' ? [v.trim()] : []);

/** Reads the urlencoded form: wave-<row>-channel / -wait / -urgentWait, checkboxes for the rest. */
export function formValuesFromBody(body: Record<string, unknown>): PolicyFormValues {
  const waves: WaveRow[] = [];
  for (let row = 0; row < MAX_WAVE_ROWS; row++) {
    if (!(`wave-${row}-channel` in body) && !(`wave-${row}-wait` in body)) continue;
    waves.push({
      channel: text(body[`wave-${row}-channel`]),
      wait: text(body[`wave-${row}-wait`]),
      urgentWait: text(body[`wave-${row}-urgentWait`]),
    });
  }
  const chosen = new Set(list(body.widening));
  return {
    waves,
    holdOpen: text(body.holdOpen),
    urgentHoldOpen: text(body.urgentHoldOpen),
    // The order is the policy's, not the order the browser happened to send the boxes in.
    widening: WIDENING_STEPS.filter((s) => chosen.has(s)),
    smsIncludesLink: 'smsIncludesLink' in body,
    alternatives: typeof body.alternatives === 'string' ? body.alternatives.replace(/\r\n/g, '\n').trim() : '',
    assignmentRefusalWindow: text(body.assignmentRefusalWindow),
  };
}

/**
 * The policy the form describes, on top of `base` (the current policy) so that settings the form does not
 * show are kept, and every problem keyed by the form field it belongs to ("wave-2-wait", "holdOpen", or
 * "waves" for the table as a whole). Rows without a channel are ignored; an empty optional field is unset.
 */
export function policyFromForm(
  values: PolicyFormValues,
  base: DispatchPolicy,
): {
  policy: DispatchPolicy;
  problems: { field: string; message: string }[];
} {
  const rows = values.waves.map((w, row) => ({ w, row })).filter(({ w }) => w.channel !== '');
  const { urgentHoldOpen: _unset, ...kept } = base;
  const policy: DispatchPolicy = {
    ...kept,
    waves: rows.map(({ w }) => ({
      channel: w.channel as WaveChannel,
      wait: w.wait,
      ...(w.urgentWait ? { urgentWait: w.urgentWait } : {}),
    })),
    holdOpen: values.holdOpen,
    ...(values.urgentHoldOpen ? { urgentHoldOpen: values.urgentHoldOpen } : {}),
    widening: values.widening,
    smsIncludesLink: values.smsIncludesLink,
    alternatives: values.alternatives,
    assignmentRefusalWindow: values.assignmentRefusalWindow,
  };
  const problems = validatePolicy(policy).map((problem) => {
    const m = /^(\w+)(?:\[(\d+)\]\.(\w+))?: (.*)$/.exec(problem);
    if (!m) return { field: 'form', message: problem };
    const [, name, index, sub, message] = m;
    if (name === 'waves' && index !== undefined) {
      return { field: `wave-${rows[Number(index)]?.row ?? index}-${sub}`, message };
    }
    return { field: name, message };
  });
  return { policy, problems };
}
