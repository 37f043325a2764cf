/** The verifier's clock in tests: real time plus an offset the test moves forward (or back). */
export function movableClock(): { now: () => number; advance: (ms: number) => void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}
