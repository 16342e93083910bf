/** Figures the host suites measure, reported by the outer e2e test. */
export const hostMetrics: Record<string, number> = {};
