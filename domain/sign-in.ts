// What the sign-in throttle (api/auth/login-throttle.ts) and the notice it sends (activities/pool.ts) agree on.

/** Failed sign-ins at one account (from anywhere) in a day after which its owner gets one notice email. */
export const SIGN_IN_FAILURES_NOTICE_AFTER = 10;
