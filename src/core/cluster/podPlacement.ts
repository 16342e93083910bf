// Where a pod's IPs lie against its node's blocks: its primary IP inside one (it counts toward
// the block's use), or an IP outside every block of its family (pod-ip-outside-block).
import type { PodInfo } from './clusterTypes';
import type { PodBlock } from './podBlock';
import { isJudged } from './podBlock';
import { fastParseAddress } from '../net/fastAddress';
import { takesIp } from './nodeState';

export interface PodPlacement {
  readonly inBlock: boolean;
  /** Never for a block that is not judged (core/cluster/podBlock isJudged). */
  readonly outside: boolean;
}

const NOWHERE: PodPlacement = { inBlock: false, outside: false };

export function placePod(info: PodInfo, blocks: readonly PodBlock[]): PodPlacement {
  if (!takesIp(info) || blocks.length === 0 || info.podIPs.length === 0) return NOWHERE;
  const judged = isJudged(blocks[0]!);
  let inBlock = false;
  let outside = false;
  for (let i = 0; i < info.podIPs.length; i++) {
    const ip = fastParseAddress(info.podIPs[i]!);
    if (!ip) continue;
    let familyBlocks = 0;
    let inside = false;
    for (const b of blocks) {
      if (b.family !== ip.family) continue;
      familyBlocks++;
      if (b.start <= ip.value && ip.value <= b.end) {
        inside = true;
        break;
      }
    }
    if (familyBlocks === 0) continue;
    if (i === 0 && inside) inBlock = true;
    if (!inside && judged) outside = true;
  }
  return inBlock || outside ? { inBlock, outside } : NOWHERE;
}
