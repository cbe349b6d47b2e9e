// A scenario's steps in the order they run: setup, steps, teardown.
import type { Scenario, Step } from './types.js';

export function allSteps(s: Pick<Scenario, 'setup' | 'steps' | 'teardown'>): Step[] {
  return [...s.setup, ...s.steps, ...s.teardown];
}
