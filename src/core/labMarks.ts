// How Podnet's lab shows itself to a client (the check reads them; the lab sets them): its /version
// names it, and under `podnet lab up --dataplane` every node carries the data-plane annotation.

export const labVersionSuffix = '-podnet-lab';
export const labDataplaneAnnotation = 'podnet.dev/lab-dataplane';
