// Leads are reminded before their on-call shift starts, once per shift, by SMS and email.
import {
  createMessageRenderer,
  createNotifier,
  createSmtpEmailSender,
  createTell,
  createTwilioSmsSender,
} from '../../notifications';
import { createHandoverReminderActivities } from '../../activities/handover-reminders';
import { createStaff, createWorkspace, putOnCall, smsTo, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });

/** The activity the handover-reminder Schedule's workflow runs, with real senders pointed at the sinks. */
function reminderActivities() {
  const notifier = createNotifier(stack.stores, {
    sms: createTwilioSmsSender(stack.config.twilio),
    email: createSmtpEmailSender(stack.config.smtpUrl, stack.config.mailFrom),
  });
  const tell = createTell({ stores: stack.stores, notifier, renderer: createMessageRenderer(stack.stores) });
  return createHandoverReminderActivities({ stores: stack.stores, tell, publicBaseUrl: stack.baseUrl });
}

it('reminds the lead whose shift starts within the hour, once', async () => {
  const ws = await createWorkspace(stack.stores);
  const regular = await createStaff(stack.stores, ws, 'lead');
  const standIn = await createStaff(stack.stores, ws, 'lead');
  await putOnCall(stack.stores, ws, regular.id);
  const now = new Date();
  await stack.stores.rota.addOverride(ws.id, {
    leadId: standIn.id,
    startsAt: new Date(now.getTime() + 30 * 60_000),
    endsAt: new Date(now.getTime() + 8 * 3_600_000),
    note: 'holiday swap',
  });
  // The activity the handover-reminder Schedule's workflow runs, called twice for the same moment.
  const reminders = reminderActivities();
  // (Every worker of the suite runs the same pass over the shared database: whoever sends first, it is once.)
  await reminders.sendHandoverReminders({ at: now.getTime() });
  await reminders.sendHandoverReminders({ at: now.getTime() });
  const [sms] = await smsTo(stack.stores, [standIn.phone as string]);
  expect(sms.body).toMatch(/^Reminder: you are the on-call lead from /);
  expect(await smsTo(stack.stores, [standIn.phone as string])).toHaveLength(1);
  expect(await stack.stores.devOutbox.list({ to: standIn.email })).toHaveLength(1);
  // The regular lead is not starting a shift: no reminder.
  expect(await smsTo(stack.stores, [regular.phone as string])).toHaveLength(0);
});

it('sends a lead who texted STOP no reminder SMS, only the email', async () => {
  const ws = await createWorkspace(stack.stores);
  const lead = await createStaff(stack.stores, ws, 'lead');
  const now = new Date();
  await stack.stores.rota.addOverride(ws.id, {
    leadId: lead.id,
    startsAt: new Date(now.getTime() + 20 * 60_000),
    endsAt: new Date(now.getTime() + 4 * 3_600_000),
    note: 'evening cover',
  });
  expect(await stack.stores.users.setSmsStopped(lead.phone as string, true)).toBe(1);
  await reminderActivities().sendHandoverReminders({ at: now.getTime() });
  const [mail] = await stack.stores.devOutbox.list({ to: lead.email });
  expect(mail.subject).toMatch(/^You are on call from /);
  expect(await smsTo(stack.stores, [lead.phone as string])).toHaveLength(0);
});
