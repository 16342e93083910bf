// Weave Net's data path, from the weave-net DaemonSet's env (fast datapath, encryption).
import type { CniPart, Sources } from './cniPathParts';
import { sameBridge, setting } from './cniPathParts';

export function weavePath(src: Sources): CniPart {
  const ds = src.sets.find((d) => d.name === 'weave-net');
  const noFastdp = ds?.env['WEAVE_NO_FASTDP'];
  const fastdp = ds === undefined
    ? setting('fast datapath', 'unknown', 'weave-net DaemonSet not readable', 'unknown')
    : noFastdp !== undefined && noFastdp !== ''
    ? setting('fast datapath', 'off', 'weave-net WEAVE_NO_FASTDP', 'configured')
    : setting('fast datapath', 'on', 'weave-net WEAVE_NO_FASTDP unset: Weave’s default', 'default');
  const encrypted = ds?.env['WEAVE_PASSWORD'] !== undefined;
  const settings = [fastdp, ...(encrypted ? [setting('encryption', 'on', 'weave-net WEAVE_PASSWORD', 'configured')] : [])];
  const off = fastdp.value === 'off' || encrypted;
  return {
    title: `Weave Net, ${off ? 'sleeve' : 'fast datapath'} overlay`,
    settings,
    podLink: {
      kind: 'bridge',
      device: 'weave',
      gateway: 'unknown',
      note: 'vethwe* veths on the weave bridge; the whole pod network is one L2 segment, so a pod reaches pods on every node directly',
    },
    crossNode: {
      kind: 'overlay',
      encapsulation: off ? `sleeve: UDP 6783 through the weave router${encrypted ? ', encrypted' : ''}` : 'fast datapath: VXLAN (UDP 6784) in the kernel',
      device: off ? 'weave (router in user space)' : 'vxlan-6784',
      route: '{network} dev weave',
      note:
        'no per-node routes: one route for the whole range to the weave bridge; the Weave router knows which peer holds each pod and tunnels the frame there',
      certainty: fastdp.certainty,
    },
    sameNode: sameBridge('weave'),
    podToPodNat: 'none',
    routesByBlock: false,
  };
}
