// What a counselor's home shows: their open offers with the request summary, and the requests they have taken.
import type { Knex } from 'knex';
import type { Phase, Topic } from '../../domain/types';

export interface OfferSummary {
  offerId: string;
  requestId: string;
  topic: Topic;
  language: string;
  livedExperience: string[];
  urgent: boolean;
  submittedAt: Date;
  offeredAt: Date;
}

export interface TakenRequest {
  requestId: string;
  topic: Topic;
  language: string;
  phase: Phase;
  takenAt: Date;
}

export function createCounselorHomeStore(db: Knex) {
  return {
    /** Open offers to this counselor on requests still waiting, urgent first, then newest. */
    async openOffers(counselorId: string): Promise<OfferSummary[]> {
      const rows = await db('offers as o')
        .join('help_requests as r', 'r.id', 'o.request_id')
        .where({ 'o.counselor_id': counselorId, 'o.status': 'open' })
        .whereIn('r.phase', ['matching', 'offering'])
        .orderBy([
          { column: 'r.urgent', order: 'desc' },
          { column: 'o.created_at', order: 'desc' },
        ])
        .select('o.id as offer_id', 'o.created_at as offered_at', 'r.id', 'r.topic', 'r.language')
        .select('r.lived_experience', 'r.urgent', 'r.created_at');
      return rows.map((r) => ({
        offerId: r.offer_id,
        requestId: r.id,
        topic: r.topic,
        language: r.language,
        livedExperience: r.lived_experience,
        urgent: r.urgent,
        submittedAt: r.created_at,
        offeredAt: r.offered_at,
      }));
    },
    /** The requests this counselor has taken (accepted or was assigned), newest first. */
    async taken(counselorId: string, limit = 20): Promise<TakenRequest[]> {
      const rows = await db('assignments as a')
        .join('help_requests as r', 'r.id', 'a.request_id')
        .where('a.counselor_id', counselorId)
        .orderBy('a.created_at', 'desc')
        .limit(limit)
        .select('r.id', 'r.topic', 'r.language', 'r.phase', 'a.created_at as taken_at');
      return rows.map((r) => ({
        requestId: r.id,
        topic: r.topic,
        language: r.language,
        phase: r.phase,
        takenAt: r.taken_at,
      }));
    },
  };
}
export type CounselorHomeStore = ReturnType<typeof createCounselorHomeStore>;
