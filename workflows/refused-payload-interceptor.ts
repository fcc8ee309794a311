// Installed in every workflow (workflowInterceptorModules): messages whose payload the worker's codec refused
// reach no handler. A signal is dropped, an update rejected by validation (nothing enters the history), a start
// fails at once.
import { ApplicationFailure, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { isRefusedPayload } from '../domain/refused-payload';

const refused = (args: unknown[]) => args.some(isRefusedPayload);

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async handleSignal(input, next) {
        if (refused(input.args)) return;
        return next(input);
      },
      // Runs only for updates with a validator; handleUpdate below covers the others.
      validateUpdate(input, next) {
        if (refused(input.args)) throw new Error('refused payload');
        return next(input);
      },
      async handleUpdate(input, next) {
        if (refused(input.args)) throw ApplicationFailure.nonRetryable('refused payload', 'RefusedPayload');
        return next(input);
      },
      async execute(input, next) {
        if (refused(input.args)) throw ApplicationFailure.nonRetryable('refused payload', 'RefusedPayload');
        return next(input);
      },
    },
  ],
});
