#!/usr/bin/env bash
# Installs the Debian package on a clean Debian 12 root (debootstrap minbase: no Swift, no build tools), uses it as a
# person would, removes it and checks that nothing is left (see `make deb-test`):
#   packaging/deb-test.sh plantar_VERSION_ARCH.deb
#   packaging/deb-test.sh --prepare      only makes the cached clean root (`make test` does it while it builds)
# The clean root is made once and cached (PLANTAR_DEB_ROOT, default ~/.cache/plantar/bookworm-root); each run works on
# an overlay of it (or a copy where overlays cannot be mounted), so the cache stays clean. Needs root. Every mount is
# undone on exit, whatever happens.
set -euo pipefail
[ "$1" = --prepare ] || deb=$(realpath "$1")
cache=${PLANTAR_DEB_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/plantar/bookworm-root}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
start=$(date +%s)
[ "$(id -u)" = 0 ] || { echo "deb-test: needs root (debootstrap, chroot)" >&2; exit 1; }

# One root for every clone of the project: made under a lock, so that two test runs do not make it at once.
mkdir -p "$(dirname "$cache")"
exec 9>"$cache.lock"
flock 9
if [ ! -f "$cache/.plantar-root-complete" ]; then
  echo "deb-test: making a clean Debian 12 root in $cache (once)"
  rm -rf "$cache"
  debootstrap --variant=minbase bookworm "$cache" "$mirror" >"$cache.log" 2>&1 ||
    { tail -20 "$cache.log"; exit 1; }
  # man-db, to read the manual page as a person would; its lists, so that apt can resolve the package's Depends.
  cp /etc/resolv.conf "$cache/etc/resolv.conf"
  chroot "$cache" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq man-db >/dev/null'
  touch "$cache/.plantar-root-complete"
fi
flock -u 9
exec 9>&-
if [ "$1" = --prepare ]; then
  echo "deb-test: the clean root in $cache is ready ($(($(date +%s) - start)) s)"
  exit 0
fi

work=$(mktemp -d)
root=$work/root
mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$root" "$work/upper" "$work/ovl"
if mount -t overlay overlay -o "lowerdir=$cache,upperdir=$work/upper,workdir=$work/ovl" "$root" 2>/dev/null; then
  mounts+=("$root")
else
  cp -a "$cache/." "$root/"
fi
mount -t proc proc "$root/proc" && mounts+=("$root/proc")
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb LANG=C.UTF-8 "$@"; }

# What is on the system before, apart from what changes anyway (apt's lists and caches, logs, /tmp, /proc).
snapshot() {
  (cd "$root" && find . -xdev \( -path ./proc -o -path ./tmp -o -path ./var/cache -o -path ./var/lib/apt/lists \
    -o -path ./var/log -o -path ./dev -o -path ./run \) -prune -o -print | sort)
}
snapshot > "$work/before"
for tool in swift swiftc cc gcc make; do
  if in_root sh -c "command -v $tool" >/dev/null; then echo "deb-test: the clean root has $tool" >&2; exit 1; fi
done

fail() { echo "deb-test: FAILED: $*" >&2; exit 1; }
name=$(basename "$deb")
if ! in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$name" >"$work/apt.log" 2>&1; then
  # Old package lists in the cached root: refresh them once.
  in_root sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$name" \
    >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install ./$name"; }
fi
echo "deb-test: installed $name with apt-get"

version=$(in_root plantar --version) || fail "plantar --version"
echo "deb-test: plantar --version: $version"
in_root plantar demo --fast >"$work/demo.out" 2>&1 || { cat "$work/demo.out"; fail "plantar demo --fast"; }
grep -q "toe-presses" "$work/demo.out" || { cat "$work/demo.out"; fail "plantar demo --fast names no exercise"; }
echo "deb-test: plantar demo --fast: $(grep -c . "$work/demo.out") lines"
in_root plantar replay /usr/share/plantar/routine-full-70kg.evemu --json >"$work/replay.json" ||
  fail "plantar replay --json"
grep -q '"schema" *: *"plantar.report/1"' "$work/replay.json" || fail "plantar replay --json: no plantar.report/1"
echo "deb-test: plantar replay /usr/share/plantar/routine-full-70kg.evemu --json: a plantar.report/1 document"
in_root plantar routine show >"$work/routine.toml" || fail "plantar routine show"
grep -q '^\[\[exercise\]\]' "$work/routine.toml" || fail "plantar routine show printed no routine"
echo "deb-test: plantar routine show: $(grep -c '^\[\[exercise\]\]' "$work/routine.toml") exercises"
in_root sh -c 'MANPAGER=cat MANWIDTH=100 man plantar' >"$work/man.txt" 2>"$work/man.err" ||
  { cat "$work/man.err"; fail "man plantar"; }
# Every subcommand that `plantar --help` lists is an entry of the manual page.
subs=$(in_root plantar --help | sed -n '/^SUBCOMMANDS:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\)\( .*\)\{0,1\}$/\1/p')
[ -n "$subs" ] || fail "plantar --help lists no subcommands"
for sub in $subs; do
  grep -qE "^ +$sub( |\$)" "$work/man.txt" || fail "man plantar does not show the subcommand $sub"
done
echo "deb-test: man plantar: $(wc -l <"$work/man.txt") lines, every subcommand"
in_root test -f /usr/share/bash-completion/completions/plantar || fail "no bash completion"

# The user's history stays; anything else the package put there must go: none of its files, and once the libraries
# it pulled in are autoremoved too, the same file list as before the install. (Those libraries' own maintainer
# scripts add system users and dpkg-statoverride entries, e.g. dbus's messagebus: the backups /etc/passwd- and the like
# and dpkg's statoverride file that this leaves are theirs.)
in_root dpkg-query -L plantar | sort > "$work/package-files"
in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq plantar" >"$work/purge.log" 2>&1 ||
  { cat "$work/purge.log"; fail "apt-get purge plantar"; }
while read -r f; do
  [ -e "$root$f" ] || continue
  case "$f" in */plantar* | */_plantar | */70-plantar.rules) fail "$f is left after purge" ;; esac
done < "$work/package-files"
in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq" >>"$work/purge.log" 2>&1 ||
  { cat "$work/purge.log"; fail "apt-get autoremove --purge"; }
snapshot > "$work/after"
left=$(comm -13 "$work/before" "$work/after" |
  grep -v -e '^\./root/\.local/share/plantar' -e '^\./etc/\(passwd\|group\|shadow\|gshadow\|subuid\|subgid\)-$' \
    -e '^\./var/lib/dpkg/statoverride\(-old\)\{0,1\}$' || true)
gone=$(comm -23 "$work/before" "$work/after" || true)
[ -z "$left" ] || { echo "$left" | head -20; fail "files left after purge"; }
[ -z "$gone" ] || { echo "$gone" | head -20; fail "files missing after purge"; }
echo "deb-test: purged (and its libraries autoremoved): nothing of it is left, the file list is as before"
echo "deb-test: passed in $(($(date +%s) - start)) s"
