// The test-message form: which channel, and the attempt id the page handed out (the ledger key's last part).
import { z } from 'zod';
import { TEST_CHANNELS } from './service';

export const testMessageForm = z.object({
  channel: z.enum(TEST_CHANNELS, { error: 'Choose SMS or email' }),
  attempt: z.uuid({ error: 'This form has expired. Reload the page and try again.' }),
});
