#!/usr/bin/env bash
# Adds Twofold to a live realm, or takes it out again, through Keycloak's admin CLI (kcadm.sh).
# A dry run unless --apply: it prints what would change and changes nothing.
#
#   twofold-realm.sh --realm myrealm                    what adding Twofold would change
#   twofold-realm.sh --realm myrealm --bind             ... and binding Twofold's flows
#   twofold-realm.sh --realm myrealm --apply [--bind]   add (and bind)
#   twofold-realm.sh --realm myrealm --remove [--apply] take Twofold out (dry run, or for real)
#
# Log kcadm.sh in first (kcadm.sh config credentials --server URL --realm master --user admin),
# or pass kcadm.sh's own options after "--", e.g. -- --config /path/kcadm.config.
# KCADM names kcadm.sh when it is not on the PATH (KCADM=/opt/keycloak/bin/kcadm.sh).
# Needs manage-realm to apply, view-realm for a dry run. Running it again changes nothing.
set -euo pipefail

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
}
fail() {
  echo "twofold-realm.sh: $1" >&2
  exit 2
}

realm=""
apply=false
bind=false
remove=false
while [ $# -gt 0 ]; do
  case "$1" in
    --realm) [ $# -ge 2 ] || fail "--realm needs the realm's name"; realm="$2"; shift 2 ;;
    --apply) apply=true; shift ;;
    --bind) bind=true; shift ;;
    --remove) remove=true; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) usage >&2; fail "unknown option $1" ;;
  esac
done
[ -n "$realm" ] || { usage >&2; fail "--realm is required"; }
if $remove && $bind; then
  fail "--bind goes with adding; --remove binds Keycloak's built-in flows again by itself"
fi
kcadm="${KCADM:-kcadm.sh}"
command -v "$kcadm" >/dev/null 2>&1 || fail "$kcadm not found; set KCADM to Keycloak's bin/kcadm.sh"

# kcadm.sh's -q passes query parameters: format=text asks for the summary and one change per line.
if $remove; then
  path=twofold-setup/removal
  flag="--remove "
else
  path=twofold-setup
  flag=""
  $bind && flag="--bind "
fi
if $apply; then
  if $remove; then
    "$kcadm" create "$path" -r "$realm" -q format=text -o "$@"
  else
    "$kcadm" create "$path" -r "$realm" -s bind="$bind" -q format=text -o "$@"
  fi
else
  plan=$("$kcadm" get "$path" -r "$realm" -q bind="$bind" -q format=text "$@")
  echo "$plan"
  case "$plan" in
    *"planned (dry run"*) echo "To make these changes: twofold-realm.sh --realm $realm ${flag}--apply" ;;
  esac
fi
