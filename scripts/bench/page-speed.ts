// Page speed of a first visit, as Lighthouse's mobile run sees it, measured with the browser's own
// Performance APIs in Debian's Chromium (no Lighthouse download here): a fresh profile per load (empty
// cache, no service worker yet), a 412×823 phone, the CPU slowed 4× and the network throttled to
// Lighthouse's "slow 4G" as DevTools applies it (562.5 ms latency, 1474.56 kbps down, 675 kbps up),
// both through the Chrome DevTools Protocol. Used by scripts/bench-web.ts (`npm run bench:web`).
//
// Per load: FCP (paint entry), LCP (the last largest-contentful-paint entry; nothing is clicked), TBT
// (the part of every long task after FCP beyond 50 ms, until the page has had no long task and no
// request in flight for 5 s: the end of that wait stands in for Lighthouse's TTI), CLS (layout shifts
// without recent input, summed) and every console error or uncaught exception.
import type { Browser, Page } from 'playwright-core';

export const THROTTLING = { cpuSlowdown: 4, latencyMs: 562.5, downloadKbps: 1474.56, uploadKbps: 675 } as const;
const PHONE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
};
const QUIET_MS = 5000;
const MAX_WAIT_MS = 45_000;

export type Load = { fcp: number; lcp: number; tbt: number; cls: number; errors: string[] };

/** A V8 CPU profile as the DevTools protocol's `Profiler.stop` returns it (the parts read here). */
export type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

type Observed = { fcp: number; lcp: number; cls: number; longTasks: { start: number; duration: number }[] };

/**
 * Installed before any of the page's own scripts run, so nothing early is missed. A string, not a
 * function: tsx's transform adds helpers (`__name`) to functions that do not exist in the page.
 */
const OBSERVE = `(() => {
  const speed = { fcp: 0, lcp: 0, cls: 0, longTasks: [] };
  window.__speed = speed;
  const on = (type, fn) => new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe({ type, buffered: true });
  on('paint', (e) => { if (e.name === 'first-contentful-paint') speed.fcp = e.startTime; });
  on('largest-contentful-paint', (e) => { speed.lcp = e.startTime; });
  on('longtask', (e) => speed.longTasks.push({ start: e.startTime, duration: e.duration }));
  on('layout-shift', (e) => { if (!e.hadRecentInput) speed.cls += e.value; });
})();`;

/** One cold load of `url`: a new browser context (empty cache and storage), throttled like a phone. */
export const measureLoad = async (browser: Browser, url: string, opts: { profile?: boolean } = {}): Promise<Load & { profile?: CpuProfile; longTasks?: Observed['longTasks'] }> => {
  const context = await browser.newContext({ ...PHONE });
  const page: Page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  let inFlight = 0;
  let lastNetwork = 0;
  const settle = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastNetwork = Date.now();
  };
  page.on('request', () => {
    inFlight++;
    lastNetwork = Date.now();
  });
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);
  await page.addInitScript({ content: OBSERVE });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: THROTTLING.latencyMs,
    downloadThroughput: (THROTTLING.downloadKbps * 1024) / 8,
    uploadThroughput: (THROTTLING.uploadKbps * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLING.cpuSlowdown });
  if (opts.profile) {
    // Sampling costs a little CPU of its own: profile runs show where the time goes, not the figures.
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  try {
    await page.goto(url, { waitUntil: 'load', timeout: MAX_WAIT_MS });
    const started = Date.now();
    // Quiet: no request in flight, and neither a request nor a long task for QUIET_MS.
    for (;;) {
      await page.waitForTimeout(250);
      // performance.now() and Date.now() tick alike: the last long task's end in wall-clock time.
      const lastTaskEnd = await page.evaluate<number>(
        `(() => { const last = window.__speed.longTasks.reduce((m, t) => Math.max(m, t.start + t.duration), 0); return last ? Date.now() - (performance.now() - last) : 0; })()`,
      );
      const quietSince = Math.max(lastNetwork, lastTaskEnd);
      if ((inFlight === 0 && Date.now() - quietSince >= QUIET_MS) || Date.now() - started > MAX_WAIT_MS) break;
    }
    const s = await page.evaluate<Observed>('window.__speed');
    if (!s || !s.fcp || !s.lcp) throw new Error(`no paint measured on ${url} (FCP ${s?.fcp}, LCP ${s?.lcp}); errors: ${errors.join(' | ') || 'none'}`);
    const tbt = s.longTasks.reduce((sum, t) => {
      const blocking = t.start + t.duration - Math.max(t.start, s.fcp) - 50;
      return sum + Math.max(0, blocking);
    }, 0);
    const profile = opts.profile ? ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile : undefined;
    return { fcp: s.fcp, lcp: s.lcp, tbt, cls: s.cls, errors, ...(profile ? { profile, longTasks: s.longTasks } : {}) };
  } finally {
    await context.close();
  }
};

// Lighthouse 10+ mobile scoring: each metric on a log-normal curve (p10 scores 0.9, the median 0.5),
// weighted FCP 10 %, Speed Index 10 %, LCP 25 %, TBT 30 %, CLS 25 %.
const CURVES = {
  fcp: { p10: 1800, median: 3000, weight: 0.1 },
  si: { p10: 3387, median: 5800, weight: 0.1 },
  lcp: { p10: 2500, median: 4000, weight: 0.25 },
  tbt: { p10: 200, median: 600, weight: 0.3 },
  cls: { p10: 0.1, median: 0.25, weight: 0.25 },
} as const;

/** Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), as Lighthouse's own statistics use. */
const erf = (x: number): number => {
  const sign = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return sign * y;
};

export const logNormalScore = ({ p10, median }: { p10: number; median: number }, value: number): number => {
  if (value <= 0) return 1;
  const standardized = (Math.log(value / median) * 0.9061938024368232) / Math.log(median / p10);
  return Math.min(1, Math.max(0, (1 - erf(standardized)) / 2));
};

/**
 * The mobile performance score from the measured metrics. Speed Index needs a filmstrip this
 * measurement does not take: LCP stands in for it (a page's SI is at most about its LCP, so this
 * errs low), on both pages alike.
 */
export const performanceScore = (m: Pick<Load, 'fcp' | 'lcp' | 'tbt' | 'cls'>): number =>
  CURVES.fcp.weight * logNormalScore(CURVES.fcp, m.fcp) +
  CURVES.si.weight * logNormalScore(CURVES.si, m.lcp) +
  CURVES.lcp.weight * logNormalScore(CURVES.lcp, m.lcp) +
  CURVES.tbt.weight * logNormalScore(CURVES.tbt, m.tbt) +
  CURVES.cls.weight * logNormalScore(CURVES.cls, m.cls);

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export type Summary = { fcp: number; lcp: number; tbt: number; cls: number; score: number; errors: string[]; loads: Load[] };

export const summarise = (loads: Load[]): Summary => {
  const m = { fcp: median(loads.map((l) => l.fcp)), lcp: median(loads.map((l) => l.lcp)), tbt: median(loads.map((l) => l.tbt)), cls: median(loads.map((l) => l.cls)) };
  return { ...m, score: performanceScore(m), errors: [...new Set(loads.flatMap((l) => l.errors))], loads };
};

/** The target: the app page within 0.03 of the bare page's score, its LCP within 15 %, its TBT within 100 ms. */
export const verdict = (app: Summary, bare: Summary) => ({
  score: bare.score - app.score <= 0.03,
  lcp: app.lcp <= bare.lcp * 1.15,
  tbt: app.tbt - bare.tbt <= 100,
  errors: app.errors.length === 0,
});
