// The agent's side of the firewall: it writes the wanted rules per family into the directory the
// firewall container watches, and reads back whether that container applied them. A change the
// container has not picked up yet is no problem while the grace lasts (it polls every 2 s and the
// previous rules stay in place); rules never applied, or a container gone quiet, are.
import type { IpFamily } from '../../core/net/cidr';
import { parseCidr } from '../../core/net/cidr';
import { smallestCover } from '../../core/net/cover';
import type { AgentSettings } from './agentSettings';
import type { Block } from './blockClaims';
import { firewallRules, removeRules, rulesId } from './firewallRules';
import type { NodeSystem } from './nodeSystem';
import { settingsKeys } from '../names';

/** How long changed firewall rules may wait for the container before the node turns unready. */
export const firewallGraceMs = 15_000;

export class FirewallSync {
  private readonly pendingSince = new Map<IpFamily, number>();

  constructor(private readonly system: NodeSystem, private readonly log: (message: string) => void) {}

  /** Writes the wanted rules per family and checks the container applied them; returns problems and whether a change is pending. */
  sync(settings: AgentSettings, blocks: readonly Block[], warnings: string[]): { problems: string[]; pending: boolean } {
    const problems: string[] = [];
    let pending = false;
    for (const family of [4, 6] as const) {
      let cluster = settings.clusterCidrs.find((c) => c.family === family);
      const ofFamily = blocks.filter((b) => b.cidr.family === family).map((b) => b.cidr);
      if (!cluster && ofFamily.length) {
        const cover = smallestCover(ofFamily);
        const parsed = cover ? parseCidr(cover) : undefined;
        if (parsed?.ok) {
          cluster = parsed.cidr;
          warnings.push(
            `the settings name no IPv${family} pod network (${settingsKeys.clusterCidr}); using ${cover}, the smallest range covering the node blocks`,
          );
        }
      }
      const rules = firewallRules(family, { clusterCidr: cluster, masquerade: settings.masquerade, nonMasqueradeCidrs: settings.nonMasqueradeCidrs });
      try {
        if (this.system.writeFirewall(family, rules)) this.log(`firewall: wrote the IPv${family} rules (${rules === removeRules ? 'none' : rulesId(rules)})`);
      } catch (error) {
        problems.push(`firewall: cannot write the IPv${family} rules: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const status = rules === removeRules ? undefined : this.system.firewallStatus(family);
      if (!status || (status.state === 'ok' && status.id === rulesId(rules))) {
        this.pendingSince.delete(family);
        continue;
      }
      if (status.state === 'error' && status.id === rulesId(rules)) {
        problems.push(`firewall: the IPv${family} rules failed: ${status.message ?? 'no message'}`);
        continue;
      }
      pending = true;
      const since = this.pendingSince.get(family) ?? Date.now();
      this.pendingSince.set(family, since);
      if (status.state !== 'ok' || Date.now() - since > firewallGraceMs) {
        problems.push(
          `firewall: the IPv${family} rules are not applied${
            status.state === 'ok' ? ` after ${Math.round((Date.now() - since) / 1000)} s` : ' yet'
          } (waiting for the firewall container)`,
        );
      }
    }
    return { problems, pending };
  }
}
