#!/usr/bin/env bash
# Plantar's kernel end-to-end tests: boots Debian 12's kernel under QEMU (TCG) with an initramfs holding plantar,
# evemu-tools and a USB HID gadget feeder, and runs vm/guest/tests.sh in it (uinput, USB gadget on dummy_hcd,
# usbhid, libusb). Needs root (apt-get) and Debian's package mirrors; downloads are cached in vm/work/.
#
# VM_TESTS=NAME runs only vm/guest/NAME.sh (e.g. bblsl), to work on one part.
# VM_BIN_DIR=DIR boots the plantar built in DIR (`make vm-test` builds it: `make static-release`, scratch path
# .build-vm); without it the script builds that itself. `vm/run.sh --prepare` only installs what is missing and fetches
# the kernel (`make test` does that first, before its phases run side by side).
#
# The guest runs with `-icount shift=1,sleep=off`: its clock jumps over idle time, so replaying a 5-minute
# recording in "real time" takes seconds, while every timestamp the kernel gives stays consistent.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
W=${VM_WORK:-$ROOT/vm/work}
SWIFT=${SWIFT:-swift}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
mkdir -p "$W"
step() { echo "vm-test: $*"; }

# --- host packages
PKGS="qemu-system-x86 busybox-static cpio kmod evemu-tools gcc libc6-dev libevdev-dev libusb-1.0-0-dev pkg-config
    bluez bluez-test-tools dbus-daemon"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
    step "installing$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# --- kernel: Debian 12's linux-image package, unpacked (not installed), with modules.dep made by depmod
if ! ls "$W"/kernel/boot/vmlinuz-* >/dev/null 2>&1; then
    kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \(linux-image-6\.1[^ ]*-amd64\)$/\1/p' | head -1)
    if [ -z "$kpkg" ]; then
        $SUDO apt-get update -qq
        kpkg=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-6\.1[^ ]*-amd64\)$/\1/p' | head -1)
    fi
    step "downloading $kpkg"
    rm -rf "$W/deb" "$W/kernel"
    mkdir -p "$W/deb"
    (cd "$W/deb" && apt-get download "$kpkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
    dpkg -x "$W"/deb/linux-image-*.deb "$W/kernel"
    depmod -b "$W/kernel" "$(ls "$W/kernel/lib/modules")"
fi
KVER=$(ls "$W/kernel/lib/modules")
# The kernel unpacked once (Debian's vmlinuz is xz-compressed): an ELF with a PVH entry, which QEMU boots directly,
# so the guest does not spend seconds of emulated CPU unpacking itself at every boot. The vmlinuz if that fails.
KERNEL=$W/kernel/vmlinux
if [ ! -s "$KERNEL" ]; then
    img=$W/kernel/boot/vmlinuz-$KVER
    off=$(LC_ALL=C grep -abo $'\xfd7zXZ\x00' "$img" | head -1 | cut -d: -f1)
    if [ -n "$off" ] && tail -c +$((off + 1)) "$img" | xz -dc --single-stream >"$KERNEL.tmp" 2>/dev/null &&
        readelf -n "$KERNEL.tmp" 2>/dev/null | grep -q 'Xen.*0x00000012'; then
        mv "$KERNEL.tmp" "$KERNEL"
    else
        rm -f "$KERNEL.tmp"
        cp "$img" "$KERNEL"
    fi
fi
[ "${1:-}" = --prepare ] && exit 0

# --- plantar with the Swift runtime linked in (the Makefile's static-release), and the gadget feeder
BIN=${VM_BIN_DIR:-}
if [ -z "$BIN" ]; then
    step "building plantar (make static-release: release, static Swift stdlib, scratch path .build-vm)"
    if ! make --no-print-directory SWIFT="$SWIFT" static-release >"$W/build.log" 2>&1; then
        grep -Ev '^\[[0-9]+/[0-9]+\]' "$W/build.log" | tail -40
        echo "vm-test: the build failed (vm/work/build.log)"
        exit 1
    fi
    BIN=.build-vm/release
fi
[ -x "$BIN/plantar" ] || { echo "vm-test: no plantar in $BIN"; exit 1; }
gcc -O2 -Wall -static -o "$W/padfeed" vm/src/padfeed.c
gcc -O2 -Wall -static -o "$W/bboard" vm/src/bboard.c
gcc -O2 -Wall -static -o "$W/runas" vm/src/runas.c
gcc -O2 -Wall -static -o "$W/btboard" vm/src/btboard.c

# --- initramfs
step "building the initramfs"
R=$W/rootfs
rm -rf "$R"
mkdir -p "$R"/{bin,sbin,etc,proc,sys,dev,tmp,run,root,fx,vm}
cp /bin/busybox "$R/bin/busybox"
for a in $(/bin/busybox --list); do [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"; done
copy_with_libs() {
    cp -L "$1" "$R/bin/"
    ldd "$1" | grep -o '/[^ ]*' | while read -r lib; do
        mkdir -p "$R$(dirname "$lib")"
        cp -Ln "$lib" "$R$lib"
    done
}
copy_with_libs "$BIN/plantar"
strip "$R/bin/plantar"
cp -r "$BIN/Plantar_PlantarInput.resources" "$R/bin/"
for t in evemu-device evemu-play evemu-record; do copy_with_libs "/usr/bin/$t"; done
cp "$W/padfeed" "$W/bboard" "$W/runas" "$W/btboard" "$R/bin/"
# The Bluetooth chain: BlueZ's emulated controllers (btvirt), the system bus, bluetoothd.
for t in /usr/bin/btvirt /usr/bin/dbus-daemon /usr/libexec/bluetooth/bluetoothd; do copy_with_libs "$t"; done
echo "root:x:0:0:root:/root:/bin/sh" >"$R/etc/passwd"
echo "root:x:0:" >"$R/etc/group"
echo 0123456789abcdef0123456789abcdef >"$R/etc/machine-id"
: >"$R/etc/modules.load"
for m in evdev uinput hid-generic hid-wiimote uhid dummy_hcd usb_f_hid usb_f_acm usbhid bluetooth hci_vhci hidp; do
    modprobe -d "$W/kernel" -S "$KVER" --show-depends "$m" | sed -n 's/^insmod \([^ ]*\) *\(.*\)$/\1 \2/p'
done | awk '!seen[$1]++' | while read -r ko args; do
    rel=${ko#"$W/kernel"}
    mkdir -p "$R$(dirname "$rel")"
    case $ko in
        *.xz) xz -dc "$ko" >"$R${rel%.xz}" && rel=${rel%.xz} ;;
        *) cp "$ko" "$R$rel" ;;
    esac
    echo "$rel $args" >>"$R/etc/modules.load"
done
cp vm/guest/init "$R/init"
cp vm/guest/*.sh vm/guest/*.toml vm/guest/*.conf udev/70-plantar.rules "$R/vm/"

# Fixtures: the evemu files, their events alone (evemu-play's input), and recordings cut where the tests unplug.
for fx in toe-presses-120kg-25hz ankle-circles-120kg-25hz routine-full-70kg foot-flexes-55kg-100hz; do
    cp "Fixtures/$fx.evemu" "$R/fx/"
    grep '^E:' "Fixtures/$fx.evemu" >"$R/fx/$fx.events"
done
# toe-presses cut 44 s in (mid-hold of the 7th press) and the rest from there, led by a frame with every corner's
# value (a re-plugged board reports all four), times starting at 0.
split() { # fixture seconds name
    grep -v '^E:' "Fixtures/$1.evemu" >"$R/fx/$3.evemu"
    awk -v t="$2" '/^E:/ && $2 - 0 <= t' "Fixtures/$1.evemu" | tee -a "$R/fx/$3.evemu" >"$R/fx/$3.events"
    awk -v t="$2" '/^E:/ {
            if ($2 - 0 <= t) { if ($3 == "0003") v[$4] = $5; next }
            if (!started) {
                started = 1; t0 = $2
                for (c in v) printf "E: 0.000000 0003 %s %s\n", c, v[c]
                print "E: 0.000000 0000 0000 0000"
            }
            printf "E: %.6f %s %s %s\n", $2 - t0 + 0.01, $3, $4, $5
        }' "Fixtures/$1.evemu" >"$R/fx/${3%1}2.events"
}
split toe-presses-120kg-25hz 44.0 tp-part1
split foot-flexes-55kg-100hz 34.0 ff-part1
# Not compressed: the guest would take seconds of emulated CPU to inflate it.
(cd "$R" && find . | cpio -o -H newc --quiet >"$W/initrd.cpio")
step "initramfs $(du -h "$W/initrd.cpio" | cut -f1), kernel $KVER"

# --- boot
step "booting under QEMU (TCG); log in vm/work/vm.log"
start=$(date +%s)
# QEMU stays in this script's process group (timeout --foreground), so Ctrl-C reaches it; and whatever ends this
# script ends QEMU too (its pid file). The pipeline runs in the background so that a signal to this script is acted
# on at once, not when QEMU is done.
rm -f "$W/qemu.pid"
stop_qemu() {
    local pid
    pid=$(cat "$W/qemu.pid" 2>/dev/null) || return 0
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = qemu-system-x86 ] && kill "$pid" 2>/dev/null
    rm -f "$W/qemu.pid"
}
trap stop_qemu EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# As root, QEMU runs at a higher priority than the builds that `make test` runs beside it: the guest's single CPU gets
# a whole core.
prio=()
[ "$(id -u)" = 0 ] && prio=(nice -n -10)
"${prio[@]}" timeout --foreground 900 qemu-system-x86_64 -accel tcg -cpu max -m 1024 -smp 1 -nographic -no-reboot -nic none \
    -pidfile "$W/qemu.pid" -icount shift=1,sleep=off -kernel "$KERNEL" -initrd "$W/initrd.cpio" \
    -append "console=ttyS0 quiet panic=-1 loglevel=3 VM_TESTS=${VM_TESTS:-all}" </dev/null 2>&1 | tr -d '\r' | tee "$W/vm.log" |
    grep --line-buffered -E '^(VM|==|    \|)' &
wait $! || true
step "VM finished in $(($(date +%s) - start)) s"
if grep -q '^VM-RESULT: PASS' "$W/vm.log" && ! grep -q '^VM-FAIL' "$W/vm.log"; then
    echo "vm-test: $(grep -c '^VM-PASS' "$W/vm.log") passed, 0 failed"
    exit 0
fi
# The failures again, last, with the lines the guest printed just before each: a log cut short in the middle (a CI
# page) still shows what failed.
echo "vm-test: what failed:"
grep -B8 -E '^(VM-FAIL|VM-RESULT: FAIL|Kernel panic|VM: .*timed out)' "$W/vm.log" | grep -v '^VM-PASS' | sed 's/^/  /'
grep -q '^VM-RESULT' "$W/vm.log" || echo "  the VM ended without a result (timeout or crash): see the end of vm/work/vm.log"
echo "vm-test: $(grep -c '^VM-PASS' "$W/vm.log") passed, $(grep -c '^VM-FAIL' "$W/vm.log") failed (see vm/work/vm.log)"
exit 1
