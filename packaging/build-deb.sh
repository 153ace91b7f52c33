#!/usr/bin/env bash
# Builds the Debian package from a release binary and the generated man page and completions (see `make deb`):
#   packaging/build-deb.sh VERSION BINARY GENERATED_DIR OUT_DIR
# The binary must link the Swift runtime in (--static-swift-stdlib): the package needs no Swift toolchain. Its
# Depends line comes from the libraries the binary links (dpkg-shlibdeps reads them as ldd does and maps each to
# its Debian package with the version the symbols need).
set -euo pipefail
version=$1 binary=$2 generated=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
arch=$(dpkg --print-architecture)
deb="$out/plantar_${version}_${arch}.deb"

for f in "$binary" "$generated/plantar.1" "$generated/plantar.bash" "$generated/plantar.zsh" "$generated/plantar.fish"; do
  [ -s "$f" ] || { echo "build-deb: $f is missing" >&2; exit 1; }
done
if ldd "$binary" | grep -q 'libswiftCore'; then
  echo "build-deb: $binary links the Swift runtime dynamically (build it with --static-swift-stdlib)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
# Reproducible: file dates and the changelog's date are the last commit's.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$top" log -1 --format=%ct 2>/dev/null || date +%s)}

install -Dm755 "$binary" "$root/usr/bin/plantar"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/plantar"
install -d "$root/usr/share/plantar/profiles"
install -m644 "$top"/Sources/PlantarInput/Profiles/*.toml "$root/usr/share/plantar/profiles/"
install -m644 "$top/Fixtures/routine-full-70kg.evemu" "$root/usr/share/plantar/"
install -Dm644 "$top/udev/70-plantar.rules" "$root/usr/lib/udev/rules.d/70-plantar.rules"
install -d "$root/usr/share/man/man1"
gzip -9n < "$generated/plantar.1" > "$root/usr/share/man/man1/plantar.1.gz"
# bash-completion sources the script: argument-parser's first line (#!/bin/bash) is of no use there.
install -d "$root/usr/share/bash-completion/completions"
sed '1{/^#!/d}' "$generated/plantar.bash" > "$root/usr/share/bash-completion/completions/plantar"
chmod 0644 "$root/usr/share/bash-completion/completions/plantar"
install -Dm644 "$generated/plantar.zsh" "$root/usr/share/zsh/vendor-completions/_plantar"
install -Dm644 "$generated/plantar.fish" "$root/usr/share/fish/vendor_completions.d/plantar.fish"
install -Dm644 "$here/copyright" "$root/usr/share/doc/plantar/copyright"
{
  echo "plantar ($version) unstable; urgency=medium"
  echo
  echo "  * Release $version: see the project's history for the changes."
  echo
  echo " -- Plantar developers <plantar@users.noreply.github.com>  $(date -R -u -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$root/usr/share/doc/plantar/changelog.gz"
install -Dm644 "$here/lintian-overrides" "$root/usr/share/lintian/overrides/plantar"
chmod 0644 "$root/usr/share/doc/plantar/changelog.gz" "$root/usr/share/man/man1/plantar.1.gz"

# Depends: the Debian packages of the shared libraries the binary links. espeak-ng is loaded only for spoken cues
# (dlopen, --voice), so it is recommended rather than required. libsystemd (sd-bus, for pairing a board over
# Bluetooth) is loaded with dlopen too, so dpkg-shlibdeps cannot see it: it is added by hand.
mkdir -p "$work/shlibs/debian"
printf 'Source: plantar\n\nPackage: plantar\nArchitecture: any\n' > "$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$root/usr/bin/plantar" | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
depends="$depends, libsystemd0"

install -d "$root/DEBIAN"
install -m755 "$here/postinst" "$here/postrm" "$root/DEBIAN/"
cat > "$root/DEBIAN/control" <<CONTROL
Package: plantar
Version: $version
Architecture: $arch
Maintainer: Plantar developers <plantar@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Recommends: libespeak-ng1
Section: utils
Priority: optional
Description: verify foot exercises with a Wii Balance Board or pressure pads
 Plantar counts the reps and holds of five foot exercises (ankle circles, foot
 flexes, pencil pickups, toe presses, toe walks) from a Wii Balance Board or a
 USB foot-pressure pad, replays recordings of such sessions, and keeps a
 history of them.
 .
 The package has the program, its device profiles, a demo recording
 (plantar demo), a udev rule that lets the logged-in user read the boards and
 pads, the manual page and bash, zsh and fish completions.
CONTROL
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums" "$root/DEBIAN/control"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
