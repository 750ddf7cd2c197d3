import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { describeUserAgent, publicSessionId } from './devices.ts';
import { uploadUrl } from '../uploads/view.ts';

/**
 * `GET /api/customers/me/export`: everything stored about one customer, as one JSON document they can
 * keep. Secrets are left out on purpose: no session token or its hash (a device is named by its public
 * id), no push subscription keys (the endpoint alone says which browser; the keys would let anyone
 * write to it). Agents appear by name only — their own data is not the customer's.
 */

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const AGENT = { select: { id: true, name: true, nameZh: true } } as const;

export const EXPORT_FORMAT = 'exclusive-agent/customer-export@1';

export const exportCustomerData = async (opts: { db: Db; customerId: string; now?: Date; secret?: string }) => {
  const { db, customerId } = opts;
  const now = opts.now ?? new Date();
  const customer = await db.customer.findUnique({ where: { id: customerId } });
  if (!customer) throw new AppError('customer_required', 'Please tell us how to reach you first.', 'customer');
  const [bindings, requests, ratings, gifts, callbacks, push, sessions, matches, mails, links, files] = await Promise.all([
    db.binding.findMany({ where: { customerId }, include: { agent: AGENT }, orderBy: { createdAt: 'asc' } }),
    db.serviceRequest.findMany({
      where: { customerId },
      include: { agent: AGENT, boundAgent: AGENT, messages: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { agent: AGENT } } },
      orderBy: { createdAt: 'asc' },
    }),
    db.rating.findMany({ where: { customerId }, include: { agent: AGENT }, orderBy: { createdAt: 'asc' } }),
    db.giftSent.findMany({ where: { customerId }, include: { agent: AGENT }, orderBy: { createdAt: 'asc' } }),
    db.callback.findMany({ where: { customerId }, include: { agent: AGENT }, orderBy: { at: 'asc' } }),
    db.pushSubscription.findMany({ where: { customerId }, select: { endpoint: true, createdAt: true }, orderBy: { createdAt: 'asc' } }),
    db.session.findMany({ where: { kind: 'customer', subjectId: customerId }, orderBy: { createdAt: 'asc' } }),
    db.matchSession.findMany({ where: { customerId }, select: { id: true, status: true, createdAt: true }, orderBy: { createdAt: 'asc' } }),
    db.answerMail.findMany({ where: { customerId }, select: { key: true, lastSentAt: true } }),
    // A link's id is the hash of its code: left out like a session's.
    db.customerLink.findMany({ where: { customerId }, select: { kind: true, createdAt: true, expiresAt: true, usedAt: true }, orderBy: { createdAt: 'asc' } }),
    db.upload.findMany({ where: { customerId }, orderBy: { createdAt: 'asc' } }),
  ]);
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    profile: {
      id: customer.id,
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      im: customer.im,
      /** the shop's user id, when the shop signed this customer in */
      externalId: customer.externalId,
      locale: customer.locale,
      emailOff: customer.emailOff,
      createdAt: iso(customer.createdAt),
      updatedAt: iso(customer.updatedAt),
      erasedAt: iso(customer.erasedAt),
    },
    bindings: bindings.map((b) => ({
      id: b.id,
      agent: b.agent,
      contact: { phone: b.contactPhone, email: b.contactEmail, im: b.contactIm },
      createdAt: iso(b.createdAt),
      endedAt: iso(b.endedAt),
      endReason: b.endReason,
    })),
    requests: requests.map((r) => ({
      id: r.id,
      message: r.message,
      status: r.status,
      locale: r.locale,
      handledBy: r.agent,
      exclusiveAgent: r.boundAgent,
      waitForBound: r.waitForBound,
      createdAt: iso(r.createdAt),
      deliveredAt: iso(r.deliveredAt),
      acknowledgedAt: iso(r.acknowledgedAt),
      resolvedAt: iso(r.resolvedAt),
      thread: r.messages.map((m) => ({ id: m.id, author: m.author, agent: m.author === 'agent' ? m.agent : null, body: m.body, createdAt: iso(m.createdAt) })),
    })),
    ratings: ratings.map((r) => ({ requestId: r.requestId, agent: r.agent, stars: r.stars, comment: r.comment, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) })),
    gifts: gifts.map((g) => ({ id: g.id, agent: g.agent, giftId: g.giftId, points: g.points, note: g.note, createdAt: iso(g.createdAt) })),
    callbacks: callbacks.map((c) => ({
      id: c.id,
      agent: c.agent,
      at: iso(c.at),
      phone: c.phone,
      note: c.note,
      timeZone: c.timeZone,
      status: c.status,
      agentNote: c.agentNote,
      previousAt: iso(c.previousAt),
      createdAt: iso(c.createdAt),
    })),
    pushSubscriptions: push.map((p) => ({ endpoint: p.endpoint, createdAt: iso(p.createdAt) })),
    sessions: sessions.map((s) => ({
      id: publicSessionId(s.id, opts.secret),
      ...describeUserAgent(s.userAgent),
      userAgent: s.userAgent,
      since: iso(s.createdAt),
      lastUsedAt: iso(s.lastSeenAt),
      expiresAt: iso(s.expiresAt),
      signedOutAt: iso(s.revokedAt),
    })),
    searches: matches.map((m) => ({ id: m.id, status: m.status, createdAt: iso(m.createdAt) })),
    answerMails: mails.map((m) => ({ about: m.key, lastSentAt: iso(m.lastSentAt) })),
    handoffLinks: links.map((l) => ({ kind: l.kind, createdAt: iso(l.createdAt), expiresAt: iso(l.expiresAt), usedAt: iso(l.usedAt) })),
    // Issue 30: the files they sent (each fetched at its url with their session), as kept: re-encoded, no metadata.
    files: files.map((f) => ({
      id: f.id,
      name: f.name,
      kind: f.kind,
      type: f.mime,
      bytes: f.bytes,
      width: f.width,
      height: f.height,
      url: uploadUrl(f.id),
      requestId: f.requestId,
      messageId: f.messageId,
      createdAt: iso(f.createdAt),
    })),
  };
};

export type CustomerExport = Awaited<ReturnType<typeof exportCustomerData>>;
