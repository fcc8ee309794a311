// The dispatch policy as a coordinator edits it: from a JSON body or the settings form to a policy, and
// validatePolicy's problems back to the form field they concern. Pure, so it is unit-tested on its own. zod reads
// what was posted; what a policy may say (durations, channels, their order) is domain/policy's validatePolicy.
import { z } from 'zod';
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
// The head start has no default (absent: off), so the default's keys alone would drop it from a JSON body.
const POLICY_FIELDS = [
  ...Object.keys(DEFAULT_DISPATCH_POLICY),
  'headStart',
  'holdBackOvercommitted',
  'coolDownAlsoHolds',
];
const WAVE_FIELDS = [...new Set(DEFAULT_DISPATCH_POLICY.waves.flatMap((w) => Object.keys(w)))];

const pick = (from: Record<string, unknown>, fields: string[]) =>
  Object.fromEntries(fields.filter((f) => from[f] !== undefined).map((f) => [f, from[f]]));

/**
 * A JSON body to the policy it describes: fields left out take the defaults (as a stored policy does),
 * unknown fields are dropped, and whatever is left is for validatePolicy to judge.
 */
/** A JSON policy is an object (of any fields: unknown ones are dropped, the rest judged by validatePolicy). */
const jsonPolicy = z.looseObject({});

export function policyFromJson(body: unknown): { policy: DispatchPolicy; problems: string[] } {
  const parsed = jsonPolicy.safeParse(body);
  if (!parsed.success) return { policy: withDefaults({}), problems: ['policy must be an object'] };
  const p = withDefaults(pick(parsed.data, POLICY_FIELDS));
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
  firstContactWithin: string;
  requesterCheckAfter: string;
  coordinatorAlertAfter: string;
  /** Spread the work (empty: everyone hears the first wave at once). */
  headStart: string;
  holdBackOvercommitted: boolean;
  /** Care for the carers (optional: a form without them keeps the policy's). */
  care?: CareFormValues;
}

/** The cool-down and the supervision escalation, as typed. */
export interface CareFormValues {
  coolDownAfter: string;
  coolDownWithin: string;
  coolDownHold: string;
  supervisionOverdueAfter: string;
  /** Topic codes the cool-down holds as well (ticked boxes; absent from forms that predate it: none). */
  coolDownAlsoHolds?: string[];
}

const CARE_FIELDS = ['coolDownAfter', 'coolDownWithin', 'coolDownHold', 'supervisionOverdueAfter'] as const;

function careValuesOf(policy: DispatchPolicy): CareFormValues {
  const p = withDefaults(policy);
  return {
    coolDownAfter: String(p.coolDownAfter ?? ''),
    coolDownWithin: p.coolDownWithin ?? '',
    coolDownHold: p.coolDownHold ?? '',
    supervisionOverdueAfter: p.supervisionOverdueAfter ?? '',
    coolDownAlsoHolds: [...(p.coolDownAlsoHolds ?? [])],
  };
}

/** The care fields on top of a policy: an empty field takes the default; a number that is not one stays for validatePolicy to refuse. */
function withCare(policy: DispatchPolicy, care: CareFormValues | undefined): DispatchPolicy {
  if (!care) return policy;
  const out: DispatchPolicy = { ...policy };
  for (const field of CARE_FIELDS) delete out[field];
  delete out.coolDownAlsoHolds;
  if (care.coolDownAlsoHolds?.length) out.coolDownAlsoHolds = care.coolDownAlsoHolds;
  const after = care.coolDownAfter;
  if (after !== '') out.coolDownAfter = /^\d+$/.test(after) ? Number(after) : (after as unknown as number);
  for (const field of ['coolDownWithin', 'coolDownHold', 'supervisionOverdueAfter'] as const) {
    if (care[field] !== '') out[field] = care[field];
  }
  return out;
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
    care: careValuesOf(policy),
    ...firstContactValues(policy),
    headStart: policy.headStart ?? '',
    holdBackOvercommitted: policy.holdBackOvercommitted ?? false,
  };
}

/** The silent-winner durations as the form shows them (a policy saved before them shows the defaults). */
function firstContactValues(policy: DispatchPolicy) {
  return {
    firstContactWithin: policy.firstContactWithin ?? DEFAULT_DISPATCH_POLICY.firstContactWithin!,
    requesterCheckAfter: policy.requesterCheckAfter ?? DEFAULT_DISPATCH_POLICY.requesterCheckAfter!,
    coordinatorAlertAfter: policy.coordinatorAlertAfter ?? DEFAULT_DISPATCH_POLICY.coordinatorAlertAfter!,
  };
}

/** The first of a repeated field (a form sends each once), as trimmed text; anything else reads as empty. */
const firstOf = (v: unknown): unknown => (Array.isArray(v) ? firstOf(v[0]) : v);
const text = z.preprocess((v) => {
  const first = firstOf(v);
  return typeof first === 'string' ? first.trim() : '';
}, z.string());
/** A checkbox: ticked when it was sent at all (whatever its value). */
const ticked = z.preprocess((v) => v !== undefined, z.boolean());

const waveRow = z.object({ channel: text, wait: text, urgentWait: text });
const careFields = z.object({
  coolDownAfter: text,
  coolDownWithin: text,
  coolDownHold: text,
  supervisionOverdueAfter: text,
  coolDownAlsoHolds: z.preprocess(
    (v) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []),
    // None ticked reads as absent, as on a form from before the boxes.
    z.array(text).transform((codes) => (codes.some(Boolean) ? [...new Set(codes.filter(Boolean))] : undefined)),
  ),
});
const policyFields = z.object({
  holdOpen: text,
  urgentHoldOpen: text,
  widening: z.preprocess(
    (v) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []),
    z.array(text).transform((chosen) =>
      // The order is the policy's, not the order the browser happened to send the boxes in.
      WIDENING_STEPS.filter((s) => chosen.includes(s)),
    ),
  ),
  smsIncludesLink: ticked,
  alternatives: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim() : ''), z.string()),
  assignmentRefusalWindow: text,
  headStart: text,
  holdBackOvercommitted: ticked,
  firstContactWithin: text,
  requesterCheckAfter: text,
  coordinatorAlertAfter: text,
});

/** Reads the urlencoded form: wave-<row>-channel / -wait / -urgentWait, checkboxes for the rest. */
export function formValuesFromBody(body: Record<string, unknown>): PolicyFormValues {
  const waves: WaveRow[] = [];
  for (let row = 0; row < MAX_WAVE_ROWS; row++) {
    if (!(`wave-${row}-channel` in body) && !(`wave-${row}-wait` in body)) continue;
    waves.push(
      waveRow.parse({
        channel: body[`wave-${row}-channel`],
        wait: body[`wave-${row}-wait`],
        urgentWait: body[`wave-${row}-urgentWait`],
      }),
    );
  }
  const { holdOpen, urgentHoldOpen, widening, smsIncludesLink, alternatives, assignmentRefusalWindow, ...rest } =
    policyFields.parse(body);
  return {
    waves,
    holdOpen,
    urgentHoldOpen,
    widening,
    smsIncludesLink,
    alternatives,
    assignmentRefusalWindow,
    // A form without the care fields keeps the policy's.
    ...(CARE_FIELDS.some((f) => f in body) ? { care: careFields.parse(body) } : {}),
    ...rest,
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
  const { urgentHoldOpen: _unset, headStart: _none, holdBackOvercommitted: _off, ...kept } = base;
  const policy: DispatchPolicy = withCare(
    {
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
      // Empty: no head start (and nobody held back without one).
      ...(values.headStart ? { headStart: values.headStart } : {}),
      ...(values.headStart && values.holdBackOvercommitted ? { holdBackOvercommitted: true } : {}),
      // Left empty (or a form from before these fields): the current value stays.
      ...(values.firstContactWithin ? { firstContactWithin: values.firstContactWithin } : {}),
      ...(values.requesterCheckAfter ? { requesterCheckAfter: values.requesterCheckAfter } : {}),
      ...(values.coordinatorAlertAfter ? { coordinatorAlertAfter: values.coordinatorAlertAfter } : {}),
    },
    values.care,
  );
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
