// The firewall container's program: a POSIX shell loop that applies the rules the agent writes to
// $PODNET_FIREWALL_DIR/ipv4.rules and ipv6.rules (src/cni/agent/firewallRules.ts) with the image's
// iptables, and reports in ipv4.status / ipv6.status. It runs in an image that has iptables and the
// iptables-wrapper (which picks the host's legacy or nft backend, as kube-proxy does); the agent's
// Node image has no iptables. It rewrites our chains only when they differ from the wanted rules
// (checked when the file changes and every PODNET_FIREWALL_VERIFY_SECONDS), so an unchanged node
// sees no iptables writes, and rules someone flushed come back.
export const firewallScript = `#!/bin/sh
dir="\${PODNET_FIREWALL_DIR:-/run/podnet/firewall}"
interval="\${PODNET_FIREWALL_INTERVAL_SECONDS:-2}"
verify="\${PODNET_FIREWALL_VERIFY_SECONDS:-60}"
mkdir -p "$dir"
trap 'exit 0' TERM INT

report() { printf '%s\\n' "$2" > "$dir/$1.status.tmp" && mv "$dir/$1.status.tmp" "$dir/$1.status"; }

# ours TOOL: our jump and chain lines as iptables-save prints them, sorted
ours() {
  { "$1-save" -t nat; "$1-save" -t filter; } 2>/dev/null | grep -E '^-A PODNET-|-j PODNET-' | sort
}

# wanted FILE: the same lines from a rules file
wanted() {
  { grep -E '^-A PODNET-' "$1"; sed -n 's/^#jump [a-z]* /-A /p' "$1"; } | sort
}

apply() { # FAMILY TOOL
  fam=$1; tool=$2; rules="$dir/$fam.rules"
  [ -f "$rules" ] || return 0
  if [ "$(head -n 1 "$rules")" = remove ]; then
    if command -v "$tool" >/dev/null 2>&1; then
      for jump in "nat POSTROUTING -m comment --comment podnet-masquerade -j PODNET-MASQ" "filter FORWARD -m comment --comment podnet-forward -j PODNET-FORWARD"; do
        set -- $jump; t=$1; c=$2; shift 2
        while "$tool" -w -t "$t" -D "$c" "$@" 2>/dev/null; do :; done
      done
      "$tool" -w -t nat -F PODNET-MASQ 2>/dev/null; "$tool" -w -t nat -X PODNET-MASQ 2>/dev/null
      "$tool" -w -t filter -F PODNET-FORWARD 2>/dev/null; "$tool" -w -t filter -X PODNET-FORWARD 2>/dev/null
    fi
    report "$fam" removed
    return 0
  fi
  id=$(sed -n '1s/^# podnet-rules //p' "$rules")
  if ! command -v "$tool-restore" >/dev/null 2>&1; then report "$fam" "error $id $tool-restore not found in the firewall container"; return 0; fi
  if [ "$(ours "$tool")" = "$(wanted "$rules")" ]; then report "$fam" "ok $id"; return 0; fi
  if ! out=$("$tool-restore" -w --noflush < "$rules" 2>&1); then report "$fam" "error $id $tool-restore: $(echo "$out" | tr '\\n' ' ')"; return 0; fi
  sed -n 's/^#jump //p' "$rules" | while read -r t c rest; do
    # shellcheck disable=SC2086
    while "$tool" -w -t "$t" -D "$c" $rest 2>/dev/null; do :; done
    # shellcheck disable=SC2086
    if ! out=$("$tool" -w -t "$t" -A "$c" $rest 2>&1); then echo "$out" > "$dir/$fam.jumperr"; fi
  done
  if [ -s "$dir/$fam.jumperr" ]; then report "$fam" "error $id $tool: $(tr '\\n' ' ' < "$dir/$fam.jumperr")"; rm -f "$dir/$fam.jumperr"; return 0; fi
  n=$(cat "$dir/$fam.applied" 2>/dev/null || echo 0); echo $((n + 1)) > "$dir/$fam.applied"
  report "$fam" "ok $id"
}

last=""; since=0
while :; do
  sum=$(cat "$dir/ipv4.rules" "$dir/ipv6.rules" 2>/dev/null | cksum)
  if [ "$sum" != "$last" ] || [ "$since" -ge "$verify" ]; then
    apply ipv4 iptables
    apply ipv6 ip6tables
    last=$sum; since=0
  fi
  [ -n "$PODNET_FIREWALL_ONCE" ] && exit 0
  sleep "$interval" & wait $!
  since=$((since + interval))
done
`;
