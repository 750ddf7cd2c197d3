/**
 * The words of an answer mail, in the customer's language. Pure: data in, subject/text/html out.
 * Plain text first (many helpdesk mails are read on phones in plain-text clients); HTML escapes all input.
 */

export type MailLocale = 'zh-CN' | 'en';

export type AnswerMailContent =
  | { kind: 'request'; agentName: string; request: string; answers: string[]; resolved: boolean }
  | { kind: 'callback'; agentName: string; when: string; status: string; agentNote: string | null };

const WORDS = {
  en: {
    hello: (name: string) => `Hello ${name},`,
    requestSubject: (agent: string) => `${agent} answered your request`,
    resolvedSubject: (agent: string) => `${agent} resolved your request`,
    callbackSubject: (agent: string) => `Your call with ${agent} changed`,
    yourRequest: 'Your request:',
    answer: (agent: string) => `${agent} wrote:`,
    resolved: 'Your agent marked the request as resolved. If something is still wrong, just send a new request.',
    callback: (when: string, status: string) => `Your call-back (${when}): ${status}.`,
    note: 'Note from your agent:',
    open: 'Open the app to reply:',
    off: 'You get this mail because you were not in the app. You can turn e-mail off in the app’s settings.',
    status: { booked: 'booked — moved to this time', agent_away: 'your agent is away at that time — open the app to pick another time or get help from another agent', done: 'done', no_answer: 'no answer — book again if you still need a call', cancelled: 'cancelled' } as Record<string, string>,
  },
  'zh-CN': {
    hello: (name: string) => `${name}，您好：`,
    requestSubject: (agent: string) => `${agent} 回复了您的请求`,
    resolvedSubject: (agent: string) => `${agent} 已解决您的请求`,
    callbackSubject: (agent: string) => `您与 ${agent} 的回电预约有变化`,
    yourRequest: '您的请求：',
    answer: (agent: string) => `${agent} 回复：`,
    resolved: '客服已将请求标记为已解决。如仍有问题，请直接发送新的请求。',
    callback: (when: string, status: string) => `您的回电（${when}）：${status}。`,
    note: '客服留言：',
    open: '打开应用回复：',
    off: '由于您当时不在应用中，我们给您发送了这封邮件。您可以在应用的设置中关闭邮件通知。',
    status: { booked: '已改到这个时间', agent_away: '客服在那个时间不在——请打开应用另选时间，或由其他客服为您服务', done: '已完成', no_answer: '无人接听——如仍需回电请重新预约', cancelled: '已取消' } as Record<string, string>,
  },
} as const;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const composeAnswerMail = (opts: { locale: string; customerName: string; link: string; content: AnswerMailContent }) => {
  const w = WORDS[opts.locale === 'zh-CN' ? 'zh-CN' : 'en'];
  const c = opts.content;
  const lines: string[] = [w.hello(opts.customerName), ''];
  let subject: string;
  if (c.kind === 'request') {
    subject = c.resolved && !c.answers.length ? w.resolvedSubject(c.agentName) : w.requestSubject(c.agentName);
    lines.push(w.yourRequest, `> ${c.request}`, '');
    if (c.answers.length) lines.push(w.answer(c.agentName), ...c.answers.map((a) => `  ${a}`), '');
    if (c.resolved) lines.push(w.resolved, '');
  } else {
    subject = w.callbackSubject(c.agentName);
    lines.push(w.callback(c.when, w.status[c.status] ?? c.status), '');
    if (c.agentNote) lines.push(w.note, `  ${c.agentNote}`, '');
  }
  lines.push(w.open, opts.link, '', '—', w.off);
  return { subject, text: lines.join('\n'), html: mailHtml({ locale: opts.locale, lines, link: opts.link }) };
};

/** A plain-text mail's lines as HTML: every line escaped, the link made clickable. */
export const mailHtml = (opts: { locale: string | null; lines: string[]; link: string }): string =>
  `<!doctype html><html lang="${opts.locale === 'zh-CN' ? 'zh-CN' : 'en'}"><body style="font-family:sans-serif;line-height:1.5">${opts.lines
    .map((l) => (l === opts.link ? `<p><a href="${escape(opts.link)}">${escape(opts.link)}</a></p>` : l ? `<p>${escape(l)}</p>` : ''))
    .join('')}</body></html>`;
