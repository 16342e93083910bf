// Every scenario `podnet lab up --scenario NAME` knows.
import type { Scenario } from './scenario';
import { emptyScenario, noCniScenario } from './basicScenarios';
import {
  brokenNoPodCidrScenario,
  brokenNodeNetworkScenario,
  brokenOutsideBlockScenario,
  brokenOverlapScenario,
  brokenServiceNetworkScenario,
} from './brokenScenarios';
import { calicoScenario, ciliumScenario, flannelScenario, kindnetScenario, weaveScenario } from './cniScenarios';
import { scaleScenario } from './scaleScenario';
import { seedScenario } from './seedScenario';

export const scenarios: readonly Scenario[] = [
  seedScenario,
  weaveScenario,
  flannelScenario,
  calicoScenario,
  ciliumScenario,
  kindnetScenario,
  noCniScenario,
  emptyScenario,
  brokenOutsideBlockScenario,
  brokenOverlapScenario,
  brokenNodeNetworkScenario,
  brokenServiceNetworkScenario,
  brokenNoPodCidrScenario,
  scaleScenario,
];

export function findScenario(name: string): Scenario {
  const s = scenarios.find((x) => x.name === name);
  if (!s) throw new Error(`unknown lab scenario "${name}" (known: ${scenarios.map((x) => x.name).join(', ')})`);
  return s;
}
