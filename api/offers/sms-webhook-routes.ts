// Twilio's webhooks: inbound SMS (answered with TwiML) and delivery receipts for the messages we sent.
import { Router, type Response } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import { DELIVERY_STATUSES } from '../../db';
import { requireTwilioSignature } from '../auth/twilio-signature';
import type { DeliveryReceiptService } from './delivery-receipt-service';
import { BadRequest } from '../errors';
import type { SmsReplyService } from './sms-reply-service';
import { RULES, tagged } from '../auth/access-policy';

const inboundSms = z.object({
  MessageSid: z.string().min(1).max(64),
  From: z.string().min(1).max(64),
  Body: z.string().max(2000).default(''),
});

const statusCallback = z.object({
  MessageSid: z.string().min(1).max(64),
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z.string().max(16).optional(),
});

const isDeliveryStatus = (s: string): s is (typeof DELIVERY_STATUSES)[number] =>
  (DELIVERY_STATUSES as readonly string[]).includes(s);

function sendTwiml(res: Response, message: string | null) {
  const twiml = new twilio.twiml.MessagingResponse();
  if (message) twiml.message(message);
  res.type('text/xml').send(twiml.toString());
}

export function twilioWebhookRoutes(deps: {
  authToken: string;
  publicBaseUrl: string;
  replies: SmsReplyService;
  receipts: DeliveryReceiptService;
}): Router {
  const router = Router();
  const signed = tagged(requireTwilioSignature(deps), RULES.twilioSignature);

  router.post('/webhooks/twilio/sms', signed, async (req, res) => {
    const parsed = inboundSms.safeParse(req.body ?? {});
    if (!parsed.success) throw new BadRequest('Not an inbound message');
    const { MessageSid, From, Body } = parsed.data;
    sendTwiml(res, await deps.replies.answer({ messageSid: MessageSid, from: From, body: Body }));
  });

  router.post('/webhooks/twilio/status', signed, async (req, res) => {
    const parsed = statusCallback.safeParse(req.body ?? {});
    if (!parsed.success) throw new BadRequest('Not a status callback');
    const { MessageSid, MessageStatus, ErrorCode } = parsed.data;
    // Statuses that say nothing about delivery (receiving, read, ...) are acknowledged and ignored.
    if (isDeliveryStatus(MessageStatus)) {
      await deps.receipts.record({ providerId: MessageSid, status: MessageStatus, errorCode: ErrorCode || null });
    }
    res.status(204).end();
  });

  return router;
}
