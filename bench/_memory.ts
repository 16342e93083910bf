// What a model holds: the JS heap and the ArrayBuffers outside it (the pod store's columns,
// core/cluster/podStore.ts, are typed arrays: heapUsed alone would leave them out).
// Not a benchmark itself (bench.mjs skips files starting with "_").
export const heldBytes = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
