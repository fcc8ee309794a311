// What engine/ offers: the one Temporal client (typed verbs) and the one reading of its errors.
export { createEngine, type Engine } from './client';
export { engineFailure, isNoAnswer, isWorkflowGone, type EngineFailure } from './errors';
export { answerFromOfferStatus } from './closed-answers';
export type { OutboxMarker } from './start';
// The client the entry points build (api/main.ts, workers/worker.ts) and hand to createEngine, by type only.
export type { Client as TemporalClient, ScheduleHandle, ScheduleOptions } from '@temporalio/client';
