// The demo stays a demo: its workspace (with a printed, known password) is seeded only on a machine that sends
// nothing for real. Any real provider, or NODE_ENV=production, means no demo and no known password.
export const DEMO_SLUG = 'demo';

export function demoSeedDecision(env: {
  NODE_ENV?: string;
  TWILIO_ACCOUNT_SID?: string;
  SMTP_URL?: string;
}): { seed: true } | { seed: false; reason: string } {
  if (env.NODE_ENV === 'production') return { seed: false, reason: 'NODE_ENV is production' };
  if (env.TWILIO_ACCOUNT_SID) return { seed: false, reason: 'a real Twilio account is configured' };
  if (env.SMTP_URL) return { seed: false, reason: 'a real mail server (SMTP_URL) is configured' };
  return { seed: true };
}
