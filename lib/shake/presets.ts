/**
 * The detector's options and the three sensitivities a customer can choose (lib/shake/detector.ts
 * explains the checks). Numbers are physical — m/s² (9.81 = 1 g), ms, m/s³ — never samples.
 */
export type ShakeSensitivity = 'gentle' | 'normal' | 'firm';

export interface ShakeDetectorOptions {
  /** Time constant of the gravity estimate (ms). Long enough not to follow a shake, short enough to follow a tilt. */
  gravityTauMs: number;
  /** Time constant of the motion covariance used for the shake axis and linearity (ms). */
  axisTauMs: number;
  /** Smallest reversal the half-cycle tracker reacts to (m/s²); the effective value is max(this, 0.5·rms). */
  hysteresis: number;
  /** Shortest time between consecutive half-cycle peaks (ms), on every path. */
  minHalfMs: number;
  /** The shake axis counts as vertical within this angle of gravity (how walking/running bounce). */
  verticalDeg: number;

  // --- sustained and steady paths: a gentler shake (steady: even peaks, decided a reversal sooner) ---
  /** Each half-cycle's peak must reach this (m/s², gravity removed). */
  minAmplitude: number;
  /** Smaller peak / larger peak of two consecutive half-cycles must be at least this. */
  symmetry: number;
  /** Longest time between consecutive half-cycle peaks (ms): slowest shake = 1000 / (2 · this) Hz. */
  maxHalfMs: number;
  /** Change rate of a reversal, (peak₁ + peak₂) / Δt, must be at least this (m/s³). */
  minJerk: number;
  /** Share of motion energy on the dominant axis (0–1) required when the axis is not vertical. */
  minLinearity: number;
  /** Same, when the dominant axis is vertical (every path: walking and running bounce vertically). */
  minLinearityVertical: number;
  /** This many consecutive reversals that pass the checks above. */
  sustainedReversals: number;
  /** …or this many, when each also has peaks this even (smaller / larger): a steady oscillation, not a gesture. */
  steadyReversals: number;
  steadySymmetry: number;

  // --- fast path: a clearly vigorous shake, recognised inside its third half-cycle ---
  /** This many consecutive reversals, each passing the stricter checks below. */
  fastReversals: number;
  /** Each half-cycle's peak (m/s²). */
  fastAmplitude: number;
  /** Change rate of each reversal (m/s³). */
  fastJerk: number;
  /** Longest time between consecutive peaks (ms). */
  fastMaxHalfMs: number;
  /** Smaller / larger peak of consecutive half-cycles. */
  fastSymmetry: number;
  /** Linearity when the axis is not vertical. */
  fastLinearity: number;

  /** No second trigger within this time (ms). */
  refractoryMs: number;
  /** A gap in the samples longer than this (ms) restarts the detector (e.g. the page was hidden). */
  maxGapMs: number;
}

/**
 * Presets the user can pick; `normal` is the default. `gentle` accepts weaker (≥ ~0.7 g) and slower
 * (≥ ~1 Hz) shakes, for users who cannot shake hard, and fires more often on a brisk wave of the hand or,
 * rarely, while walking; `firm` wants a stronger, longer shake. Every threshold is monotonic from gentle
 * to normal to firm (a unit test checks it). The numbers are physical — m/s² (9.81 = 1 g), ms, m/s³ —
 * and `npm run bench:shake` shows what each preset does on the shared recordings (docs/benchmarks.md).
 */
const BASE = { gravityTauMs: 400, axisTauMs: 300, hysteresis: 2.5, minHalfMs: 60, verticalDeg: 45, refractoryMs: 1000, maxGapMs: 500 } as const;
export const SHAKE_PRESETS: Readonly<Record<ShakeSensitivity, Readonly<ShakeDetectorOptions>>> = Object.freeze({
  gentle: Object.freeze({
    ...BASE,
    minAmplitude: 6.5,
    symmetry: 0.3,
    maxHalfMs: 480,
    minJerk: 45,
    minLinearity: 0.7,
    minLinearityVertical: 0.85,
    sustainedReversals: 3,
    steadyReversals: 2,
    steadySymmetry: 0.6,
    fastReversals: 2,
    fastAmplitude: 25,
    fastJerk: 200,
    fastMaxHalfMs: 250,
    fastSymmetry: 0.5,
    fastLinearity: 0.6,
  }),
  normal: Object.freeze({
    ...BASE,
    minAmplitude: 8,
    symmetry: 0.35,
    maxHalfMs: 450,
    minJerk: 55,
    minLinearity: 0.75,
    minLinearityVertical: 0.85,
    sustainedReversals: 3,
    steadyReversals: 2,
    steadySymmetry: 0.65,
    fastReversals: 2,
    fastAmplitude: 30,
    fastJerk: 250,
    fastMaxHalfMs: 230,
    fastSymmetry: 0.55,
    fastLinearity: 0.65,
  }),
  firm: Object.freeze({
    ...BASE,
    minAmplitude: 10,
    symmetry: 0.4,
    maxHalfMs: 400,
    minJerk: 80,
    minLinearity: 0.8,
    minLinearityVertical: 0.9,
    sustainedReversals: 4,
    steadyReversals: 3,
    steadySymmetry: 0.7,
    fastReversals: 2,
    fastAmplitude: 35,
    fastJerk: 300,
    fastMaxHalfMs: 200,
    fastSymmetry: 0.6,
    fastLinearity: 0.7,
  }),
});
