// One request, from match to a winner (or to unmatched): the durable heart of dispatch.
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import {
  acceptOfferUpdate,
  dispatchStatusQuery,
  offerDeclinedSignal,
  type AcceptResult,
  type DispatchStatus,
  type RequestWorkflowInput,
} from './definitions';
import { holdOpenMs, planWaves, waveRecipients } from './waves';

const { matchCounselors, recordAssignment, closeRequest } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

// Sends talk to providers that may be slow or rate-limited: longer timeout, and permanent errors stop retries.
const { sendWave, sendAfterWin } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: ['PermanentSendError'],
  },
});

export async function requestWorkflow(input: RequestWorkflowInput): Promise<DispatchStatus> {
  const { requestId, policy } = input;
  const status: DispatchStatus = {
    phase: 'matching',
    wave: 0,
    matched: 0,
    offered: [],
    declined: [],
    winner: null,
    startedAt: Date.now(),
    firstOfferAt: null,
    assignedAt: null,
    closedAt: null,
  };
  const offered = new Set<string>();
  const declined = new Set<string>();
  let assignmentRecorded = false;

  setHandler(dispatchStatusQuery, () => status);

  setHandler(offerDeclinedSignal, ({ counselorId }) => {
    if (offered.has(counselorId) && !declined.has(counselorId)) {
      declined.add(counselorId);
      status.declined.push(counselorId);
    }
  });

  setHandler(
    acceptOfferUpdate,
    async ({ counselorId }): Promise<AcceptResult> => {
      // Updates run one at a time up to their first await, so the first to set the winner wins.
      if (status.winner !== null) return status.winner === counselorId ? 'won' : 'taken';
      if (status.phase !== 'offering') return 'expired';
      if (!offered.has(counselorId)) return 'not-offered';
      status.winner = counselorId;
      status.phase = 'assigned';
      status.assignedAt = Date.now();
      await recordAssignment({ requestId, counselorId });
      assignmentRecorded = true;
      return 'won';
    },
    {
      validator: ({ counselorId }) => {
        if (typeof counselorId !== 'string' || counselorId.length === 0) throw new Error('counselorId is required');
      },
    },
  );

  const matched = await matchCounselors({ requestId });
  status.matched = matched.length;
  status.phase = 'offering';

  const isSettled = () => status.winner !== null;

  for (const wave of planWaves(policy)) {
    const recipients = waveRecipients(matched, declined, offered);
    if (recipients.length > 0) {
      status.wave = wave.wave;
      // Marked offered before sending: a counselor may tap the link before the activity returns.
      recipients.forEach((id) => offered.add(id));
      status.offered.push(...recipients);
      status.firstOfferAt ??= Date.now();
      await sendWave({ requestId, wave: wave.wave, channel: wave.channel, counselorIds: recipients });
    }
    if (await condition(isSettled, wave.waitMs)) break;
  }

  if (!isSettled()) await condition(isSettled, holdOpenMs(policy));

  if (status.winner !== null) {
    await condition(() => assignmentRecorded);
    await sendAfterWin({
      requestId,
      winnerId: status.winner,
      otherIds: status.offered.filter((id) => id !== status.winner),
    });
  } else {
    status.phase = 'unmatched';
    status.closedAt = Date.now();
    await closeRequest({ requestId, phase: 'unmatched' });
  }
  // An accept that lost the race may still be finishing: let it answer before the workflow closes.
  await condition(allHandlersFinished);
  return status;
}
