// Every scenario `podnet lab up --scenario NAME` knows.
import type { Scenario } from './scenario';
import { emptyScenario, noCniScenario } from './basicScenarios';
import { seedScenario } from './seedScenario';

export const scenarios: readonly Scenario[] = [seedScenario, noCniScenario, emptyScenario];

export function findScenario(name: string): Scenario {
  const s = scenarios.find((x) => x.name === name);
  if (!s) throw new Error(`unknown lab scenario "${name}" (known: ${scenarios.map((x) => x.name).join(', ')})`);
  return s;
}
