// The demo stays a demo: seeded only where nothing is sent for real and NODE_ENV is not production.
import { demoSeedDecision } from '../../domain/demo';

it('seeds the demo only with local sinks and outside production', () => {
  expect(demoSeedDecision({})).toEqual({ seed: true });
  expect(demoSeedDecision({ NODE_ENV: 'development' })).toEqual({ seed: true });
  expect(demoSeedDecision({ NODE_ENV: 'production' })).toEqual({ seed: false, reason: 'NODE_ENV is production' });
  expect(demoSeedDecision({ TWILIO_ACCOUNT_SID: 'AC' + '1'.repeat(32) })).toMatchObject({ seed: false });
  expect(demoSeedDecision({ SMTP_URL: 'smtp://mail.example.org:587' })).toMatchObject({ seed: false });
});
