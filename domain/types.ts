// Domain objects the stores return (camelCase), shared by the API and the activities.
import type { Role } from '../domain/roles';
export type { Role } from '../domain/roles';

export const TOPICS = ['grief', 'suicide-safety', 'trauma', 'addiction', 'general'] as const;
export type Topic = (typeof TOPICS)[number];

export const SAFETY_ANSWERS = ['no', 'unsure', 'yes'] as const;
export type SafetyAnswer = (typeof SAFETY_ANSWERS)[number];

/** `closed`: the after-care of an assigned request is done (the retention clock starts then). */
export type Phase = 'matching' | 'offering' | 'assigned' | 'unmatched' | 'cancelled' | 'closed';

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  dispatchPolicy: unknown;
  /** SMS texts and email subjects name the topic and hard-session category (off by default: discreet). */
  lockScreenDetails: boolean;
  /** IANA zone the team works in (rota, pages); 'UTC' for teams made before it was asked. */
  timeZone: string;
  /** Whether counselors must use two-step sign-in too (coordinators and leads always must). */
  counselorTwoStep: boolean;
  /** ISO country whose national phone formats the team's forms read; null: the time zone's (domain/phone.ts). */
  phoneCountry: string | null;
}

export interface User {
  id: string;
  workspaceId: string;
  /** The highest of roles (what the person is shown as); checks use roles, the union. */
  role: Role;
  roles: Role[];
  email: string;
  name: string;
  phone: string | null;
  /** Set when the person left the team: no sign-in, no offers, no alerts. */
  deactivatedAt: Date | null;
  /** A person of the demo workspace (its pages say it is a demo); only set by users.getById. */
  inDemo?: boolean;
}

export interface RequesterContact {
  email?: string;
  phone?: string;
  message?: string;
}

export interface HelpRequest {
  id: string;
  workspaceId: string;
  language: string;
  /** A built-in Topic or one of the workspace's own specialisms (workspace_vocabulary). */
  topic: string;
  livedExperience: string[];
  safety: SafetyAnswer;
  urgent: boolean;
  phase: Phase;
  createdAt: Date;
  assignedAt: Date | null;
}

export interface Offer {
  id: string;
  requestId: string;
  counselorId: string;
  wave: number;
  channel: string;
  status: 'open' | 'won' | 'taken' | 'declined' | 'expired';
  /** The phone the offer SMS went to and its reply code there ("A12"), when it went by SMS. */
  phone: string | null;
  replyCode: number | null;
  /** Set when a coordinator assigned the request to this counselor rather than the counselor accepting. */
  assignedBy: string | null;
  createdAt: Date;
}

export interface RequestEvent {
  id: number;
  requestId: string;
  type: string;
  data: Record<string, unknown>;
  at: Date;
}
