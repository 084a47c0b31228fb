import type { ServiceExposureLevel } from './types';

/** The exposure levels a service may declare, from closed to open. */
export const EXPOSURE_LEVELS: readonly ServiceExposureLevel[] = ['none', 'internal', 'public'];

/** Shortest reason a public exposure takes: a reviewer must be able to judge it from the report alone. */
export const MIN_PUBLIC_EXPOSURE_REASON_LENGTH = 20;
