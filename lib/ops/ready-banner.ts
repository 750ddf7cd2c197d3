import QRCode from 'qrcode';

/**
 * What `npm start` prints once the service is really ready (the demo crowd seated): where to open the
 * customer app and the console, and — to try the shake on a phone — the HTTPS address on this
 * computer's network as a QR code to scan. Plain text for a person; the log has the same as JSON.
 */
export type ReadyFacts = {
  port: number;
  /** the HTTPS port with the self-signed certificate, or null when off */
  httpsPort: number | null;
  lan: string[];
  /** e.g. "12 demo agents at their consoles" */
  demo?: string;
  certPath?: string;
};

export const readyUrls = (f: ReadyFacts) => ({
  customer: `http://localhost:${f.port}/`,
  agent: `http://localhost:${f.port}/agent`,
  // No network address (no Wi-Fi, a container): the same page on this computer, so the QR still shows where.
  onPhone: f.httpsPort ? `https://${f.lan[0] ?? 'localhost'}:${f.httpsPort}/` : null,
  onPhoneToo: f.httpsPort ? f.lan.slice(1).map((ip) => `https://${ip}:${f.httpsPort}/`) : [],
  https: f.httpsPort ? `https://localhost:${f.httpsPort}/` : null,
});

export const readyBanner = async (f: ReadyFacts): Promise<string> => {
  const u = readyUrls(f);
  const lines = [
    '',
    '  Exclusive Agent is ready · 专属客服已就绪',
    '',
    `  Customer app · 客户端      ${u.customer}`,
    `  Agent console · 客服工作台  ${u.agent}   (e.g. li.ming@demo.local / demo-agent)`,
  ];
  if (f.demo) lines.push(`  Demo crowd · 演示客服       ${f.demo}`);
  if (u.onPhone) {
    lines.push(
      '',
      '  Try the shake on your phone (same Wi-Fi) · 在手机上试试摇一摇（同一 Wi-Fi）:',
      `  ${u.onPhone}`,
      ...u.onPhoneToo.map((x) => `  ${x}`),
      '',
      (await QRCode.toString(u.onPhone, { type: 'terminal', small: true, errorCorrectionLevel: 'L' }))
        .split('\n')
        .map((l) => (l ? `  ${l}` : l))
        .join('\n'),
      '  The phone will warn that the connection is not private: the certificate is this computer\'s own,',
      `  made on first start${f.certPath ? ` (${f.certPath})` : ''}. Continue to the page: motion (the shake) works only`,
      '  on a secure page. In production your proxy\'s real certificate does this (docs/deploy.md).',
      '  手机会提示"连接不是私密连接"：证书是这台电脑自己生成的。继续访问即可；摇一摇需要安全页面。',
    );
    if (!f.lan.length) lines.push('  (No network address found: connect this computer to the same Wi-Fi as the phone, then restart.)');
  }
  lines.push('');
  return lines.join('\n');
};
