// What engine/ offers: the one Temporal client (typed verbs) and the one reading of its errors.
export { createEngine, type Engine } from './client';
export { engineFailure, isNoAnswer, isWorkflowGone, type EngineFailure } from './errors';
export { answerFromOfferStatus } from './closed-answers';
export type { OutboxMarker } from './start';
