#!/bin/sh
# Plantar's kernel end-to-end tests, run as PID 1's child inside the test VM (busybox sh).
# Every check prints "VM-PASS what was verified" or "VM-FAIL what went wrong"; the exit code is the failure count.
FAILS=0
pass() { echo "VM-PASS $*"; }
fail() {
    echo "VM-FAIL $*"
    FAILS=$((FAILS + 1))
}
show() { sed 's/^/    | /' "$@"; }

# Waits (up to ~10 s) until file $1 has a line matching $2.
wait_line() {
    i=0
    while ! grep -q "$2" "$1" 2>/dev/null; do
        i=$((i + 1))
        [ $i -gt 500 ] && return 1
        usleep 20000
    done
}

# The evdev node whose device has name $1 (waits up to ~10 s).
wait_node() {
    i=0
    while [ $i -lt 500 ]; do
        for e in /sys/class/input/event*; do
            if [ "$(cat "$e/device/name" 2>/dev/null)" = "$1" ]; then
                echo "/dev/input/${e##*/}"
                return 0
            fi
        done
        i=$((i + 1))
        usleep 20000
    done
    return 1
}

# A virtual balance board through uinput, described by the evemu file $1: sets BOARD_PID and NODE.
board_up() {
    evemu-device "$1" >/tmp/evemu-device.out 2>&1 &
    BOARD_PID=$!
    NODE=
    i=0
    while [ -z "$NODE" ] && [ $i -lt 500 ]; do
        NODE=$(sed -n 's/.*: \(\/dev\/input\/event[0-9]*\)$/\1/p' /tmp/evemu-device.out)
        i=$((i + 1))
        usleep 20000
    done
    [ -n "$NODE" ] || fail "evemu-device $1 made no node: $(cat /tmp/evemu-device.out)"
}
board_down() {
    kill "$BOARD_PID" 2>/dev/null
    wait "$BOARD_PID" 2>/dev/null
}

# The parts of a JSON report that say what was verified: id, status, counted reps, circles.
summary() { grep -E '"(id|status|counted_reps|clockwise|counterclockwise)":' "$1" | tr -d ' \n'; }
field() { sed -n "s/.*\"$2\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -1; }

# Starts `plantar run ARGS` in the background (report in /tmp/run.json, lines in /tmp/run.log), waits until it reads.
run_start() {
    plantar run "$@" --json >/tmp/run.json 2>/tmp/run.log &
    RUN_PID=$!
    wait_line /tmp/run.log "reading" || fail "plantar run $* did not start: $(cat /tmp/run.log)"
}
run_wait() {
    wait "$RUN_PID"
    RUN_RC=$?
}

# `make vm-test VM_TESTS=bblsl` (a kernel command-line variable, so init's environment) runs one of the parts kept
# in files of their own alone, to work on it; the default runs everything.
if [ -n "$VM_TESTS" ] && [ "$VM_TESTS" != all ]; then
    . "/vm/$VM_TESTS.sh"
    echo "VM: $FAILS failure(s) (only $VM_TESTS)"
    exit $FAILS
fi

echo "== no device: run and record say so and exit 3; devices and doctor explain"
plantar run >/tmp/out.txt 2>&1
rc=$?
if [ $rc = 3 ] && grep -q "no balance board or pressure pad found" /tmp/out.txt; then
    pass "no device: 'plantar run' exits 3: $(cat /tmp/out.txt)"
else
    fail "no device: plantar run exited $rc: $(cat /tmp/out.txt)"
fi
plantar record /tmp/none.evemu >/tmp/out.txt 2>&1
rc=$?
if [ $rc = 3 ] && grep -q "no balance board or pressure pad found" /tmp/out.txt; then
    pass "no device: 'plantar record' exits 3: $(cat /tmp/out.txt)"
else
    fail "no device: plantar record exited $rc: $(cat /tmp/out.txt)"
fi
plantar devices >/tmp/out.txt 2>&1
show /tmp/out.txt
grep -q "no supported device" /tmp/out.txt && pass "no device: 'plantar devices' says what is missing" ||
    fail "plantar devices without a device"
plantar doctor >/tmp/out.txt 2>&1
show /tmp/out.txt
grep -q "hid-wiimote driver (the balance board's driver) loaded" /tmp/out.txt &&
    grep -q "FIX   no balance board or pad found" /tmp/out.txt &&
    grep -q "fix: sudo make install" /tmp/out.txt &&
    pass "no device: 'plantar doctor' finds hid-wiimote loaded, no board, no udev rule, each with its fix" ||
    fail "plantar doctor without a device"

echo "== (a) virtual balance board (uinput) -> plantar record -> plantar replay"
for fx in toe-presses-120kg-25hz ankle-circles-120kg-25hz; do
    ex=${fx%-120kg-25hz}
    board_up /fx/$fx.evemu
    if [ "$fx" = toe-presses-120kg-25hz ]; then
        plantar devices >/tmp/out.txt 2>&1
        show /tmp/out.txt
        grep -A1 "$NODE" /tmp/out.txt | grep -q "profile: Wii Balance Board" &&
            pass "'plantar devices' matches $NODE to the Wii Balance Board profile and lists the others' reasons" ||
            fail "plantar devices did not match the board"
    fi
    plantar record /tmp/$fx.rec.evemu --device "$NODE" 2>/tmp/rec.log &
    rec=$!
    # evemu's own recorder listens too: its file must replay in plantar.
    evemu-record "$NODE" >/tmp/$fx.er.evemu 2>/dev/null &
    erec=$!
    wait_line /tmp/rec.log "recording" || fail "plantar record did not start: $(cat /tmp/rec.log)"
    usleep 300000
    evemu-play "$NODE" </fx/$fx.events
    sleep 1
    kill -INT $rec
    wait $rec
    rc=$?
    kill $erec 2>/dev/null
    wait $erec 2>/dev/null
    board_down
    show /tmp/rec.log
    plantar replay /fx/$fx.evemu --exercise "$ex" --json >/tmp/orig.json
    plantar replay /tmp/$fx.rec.evemu --exercise "$ex" --json >/tmp/rec.json
    o=$(summary /tmp/orig.json)
    r=$(summary /tmp/rec.json)
    n=$(grep -c '^E:' /tmp/$fx.rec.evemu)
    if [ $rc = 0 ] && [ -n "$o" ] && [ "$o" = "$r" ]; then
        pass "uinput board: 'plantar record' (Ctrl-C) wrote $n events; its replay = the fixture's: $r"
    else
        fail "uinput board $fx: record rc=$rc, replay of the recording $r, of the fixture $o"
    fi
    plantar replay /tmp/$fx.er.evemu --exercise "$ex" --json >/tmp/er.json
    erc=$?
    e=$(summary /tmp/er.json)
    if [ $erc = 0 ] && [ "$e" = "$o" ]; then
        pass "evemu-record's recording ($(grep -c '^E:' /tmp/$fx.er.evemu) events) replays in plantar to the fixture's result: $e"
    else
        fail "evemu-record's recording of $fx: replay rc=$erc $(head -c 300 /tmp/er.json) vs $o"
    fi
    evemu-device /tmp/$fx.rec.evemu >/tmp/evemu-device.out 2>&1 &
    p=$!
    usleep 500000
    grep -q "/dev/input/event" /tmp/evemu-device.out &&
        pass "the recording of $fx is a device description evemu-device accepts: $(cat /tmp/evemu-device.out)" ||
        fail "evemu-device rejects plantar's recording: $(cat /tmp/evemu-device.out)"
    kill $p
    wait $p 2>/dev/null
done

echo "== device faults: permission denied, root refused, not an input device"
board_up /fx/toe-presses-120kg-25hz.evemu
i=0
while [ ! -e "$NODE" ] && [ $i -lt 250 ]; do i=$((i + 1)); usleep 20000; done
chmod 600 "$NODE"
runas 1000 1000 plantar run --device "$NODE" >/tmp/perm.txt 2>&1
prc=$?
PLANTAR_ALLOW_ROOT=0 plantar run --device "$NODE" >/tmp/root.txt 2>&1
rrc=$?
plantar run --device /dev/null >/tmp/null.txt 2>&1
nrc=$?
board_down
if [ $prc = 3 ] && grep -q "udev/70-plantar.rules" /tmp/perm.txt; then
    pass "permission denied (uid 1000, node 0600): exit 3 naming the rule: $(cat /tmp/perm.txt)"
else
    fail "permission denied: rc=$prc $(cat /tmp/perm.txt) [node $NODE: $(ls -l "$NODE" 2>&1); $(ls -l /dev/input/ 2>&1 | tr '\n' ' '); $(cat /tmp/evemu-device.out | tr '\n' ' ')]"
fi
if [ $rrc = 3 ] && grep -q "refusing to run as root" /tmp/root.txt; then
    pass "root without --allow-root: refused with exit 3"
else
    fail "root refusal: rc=$rrc $(cat /tmp/root.txt)"
fi
if [ $nrc = 3 ] && grep -q "not an evdev device" /tmp/null.txt; then
    pass "a node that is not an input device: exit 3: $(cat /tmp/null.txt)"
else
    fail "not an input device: rc=$nrc $(cat /tmp/null.txt)"
fi

echo "== (a) the kernel drops events while plantar is stopped: libevdev resync; record --duration"
board_up /fx/toe-presses-120kg-25hz.evemu
plantar record /tmp/drop.evemu --device "$NODE" --duration 40 2>/tmp/rec.log &
rec=$!
wait_line /tmp/rec.log "recording" || fail "plantar record did not start: $(cat /tmp/rec.log)"
evemu-play "$NODE" </fx/toe-presses-120kg-25hz.events &
play=$!
sleep 20
kill -STOP $rec
sleep 3
kill -CONT $rec
wait $rec
rc=$?
wait $play
board_down
show /tmp/rec.log
grep -n -A2 "SYN_DROPPED" /tmp/drop.evemu | head -3 | show
plantar replay /tmp/drop.evemu --exercise toe-presses --json >/tmp/drop.json
rrc=$?
drops=$(grep -c '^E: .* 0000 0003 0000' /tmp/drop.evemu)
last=$(grep '^E:' /tmp/drop.evemu | tail -1 | cut -d' ' -f2)
if [ $rc = 0 ] && [ $rrc = 0 ] && [ "$drops" -ge 1 ] && grep -q "duration reached" /tmp/rec.log &&
    [ "${last%%.*}" -lt 40 ]; then
    pass "SYN_DROPPED while plantar was stopped: $drops drop(s) recorded with libevdev's resync, the recording replays ($(field /tmp/drop.json counted_reps) counted); --duration 40 ended it at $last s"
else
    fail "SYN_DROPPED: record rc=$rc replay rc=$rrc drops=$drops last=$last"
fi

echo "== (a) full routine fed live through uinput -> plantar run (built-in routine)"
board_up /fx/routine-full-70kg.evemu
run_start --device "$NODE" --reconnect-wait 1 --record /tmp/live.evemu
evemu-play "$NODE" </fx/routine-full-70kg.events
sleep 2
board_down
run_wait
show /tmp/run.log
plantar replay /fx/routine-full-70kg.evemu --json >/tmp/replay.json
# The session's own recording replays to the live session's report, rep for rep.
plantar replay /tmp/live.evemu --json >/tmp/live-replay.json
reps() { sed '/"source"/,/}/d' "$1" | grep -E '"(id|status|start|end|duration|counted|side|direction)":' | tr -d ' \n'; }
if [ -s /tmp/live.evemu ] && [ "$(reps /tmp/run.json)" = "$(reps /tmp/live-replay.json)" ]; then
    pass "plantar run --record: the session's recording replays to the same $(grep -c '"counted": true' /tmp/run.json) counted reps, start and end times as the live run"
else
    fail "plantar run --record: replay differs from the live run"
    reps /tmp/run.json | tr '{' '\n' >/tmp/a.txt
    reps /tmp/live-replay.json | tr '{' '\n' >/tmp/b.txt
    diff /tmp/a.txt /tmp/b.txt | head -10
fi
live=$(summary /tmp/run.json)
replay=$(summary /tmp/replay.json)
passed=$(grep -c '"status": "passed"' /tmp/run.json)
if [ $RUN_RC = 0 ] && [ "$passed" = 5 ] && [ "$live" = "$replay" ]; then
    pass "live routine over uinput: 5/5 exercises passed, same as the replay: $live"
else
    fail "live routine: rc=$RUN_RC passed=$passed live=$live replay=$replay"
fi

echo "== (d) unplugging the board mid-hold (uinput device removed)"
board_up /fx/toe-presses-120kg-25hz.evemu
run_start --device "$NODE" --exercise toe-presses --reconnect-wait 2
evemu-play "$NODE" </fx/tp-part1.events
board_down
run_wait
show /tmp/run.log
plantar replay /fx/tp-part1.evemu --exercise toe-presses --json >/tmp/part.json
live=$(field /tmp/run.json counted_reps)
want=$(field /tmp/part.json counted_reps)
ended=$(field /tmp/run.json ended_by)
if grep -q "device lost: session paused" /tmp/run.log && grep -q "did not come back" /tmp/run.log &&
    [ "$ended" = device-lost ] && [ -n "$want" ] && [ "$want" -gt 0 ] && [ "$live" = "$want" ]; then
    pass "board unplugged mid-hold: paused, gave up after 2 s, partial report ended_by=$ended with all $live counted reps"
else
    fail "board unplug: ended_by=$ended counted=$live, the recording up to the unplug counts $want"
fi
# Every saved live session is recorded beside the history: it replays to the live result and plots by its id.
plantar history --json --limit 1 >/tmp/last.json
rec=$(sed -n 's/.*"recording": "\(.*\)",*$/\1/p' /tmp/last.json | head -1)
sid=$(sed -n 's/.*"id": \([0-9][0-9]*\),*$/\1/p' /tmp/last.json | head -1)
plantar replay "$rec" --exercise toe-presses --json >/tmp/rec.json 2>&1
plantar plot "$sid" --out /tmp/rec.svg >/tmp/plot.log 2>&1
prc=$?
if [ -s "$rec" ] && [ "$(field /tmp/rec.json counted_reps)" = "$live" ] && [ $prc = 0 ] && [ -s /tmp/rec.svg ]; then
    pass "the live session was recorded to $rec ($(wc -c <"$rec") bytes): it replays to the same $live counted reps and plots as session #$sid"
else
    fail "session recording: rec=$rec id=$sid replay counted=$(field /tmp/rec.json counted_reps) live=$live plot rc=$prc $(cat /tmp/plot.log)"
fi

echo "== (d) unplugging the board and plugging it back in"
board_up /fx/toe-presses-120kg-25hz.evemu
run_start --device "$NODE" --exercise toe-presses --reconnect-wait 5
evemu-play "$NODE" </fx/tp-part1.events
board_down
usleep 300000
board_up /fx/toe-presses-120kg-25hz.evemu
wait_line /tmp/run.log "device back" || fail "plantar did not find the board again"
evemu-play "$NODE" </fx/tp-part2.events
board_down
run_wait
show /tmp/run.log
after=$(field /tmp/run.json counted_reps)
if grep -q "device back at" /tmp/run.log && [ -n "$after" ] && [ "$after" -gt "$want" ]; then
    pass "board re-plugged: session resumed and went on counting: $want counted before the unplug, $after in the end"
else
    fail "board re-plug: counted $after in the end, $want before the unplug"
fi

echo "== (e) a Wii Balance Board over uhid, driven by the kernel's hid-wiimote"
bboard /fx/toe-presses-120kg-25hz.evemu >/tmp/bb.log 2>&1 &
bb=$!
BB=$(wait_node "Nintendo Wii Remote Balance Board") || fail "hid-wiimote made no balance board: $(cat /tmp/bb.log)"
plantar devices >/tmp/out.txt 2>&1
plantar doctor >/tmp/doctor.txt 2>&1
show /tmp/out.txt /tmp/doctor.txt
grep -A1 "$BB" /tmp/out.txt | grep -q "driver wiimote" && grep -A2 "$BB" /tmp/out.txt | grep -q "profile: Wii Balance Board" &&
    pass "hid-wiimote made \"Nintendo Wii Remote Balance Board\" ($BB, driver wiimote) from the uhid board; profile matched" ||
    fail "plantar devices did not show the hid-wiimote board"
grep -q "ok    balance board battery 78% (wiimote_battery_00:19:1d:00:00:01)" /tmp/doctor.txt &&
    pass "'plantar doctor' reads the board's battery from /sys/class/power_supply: 78%" ||
    fail "plantar doctor did not read the board's battery"
run_start --device "$BB" --exercise toe-presses --reconnect-wait 1
wait $bb
run_wait
show /tmp/bb.log /tmp/run.log
plantar replay /fx/toe-presses-120kg-25hz.evemu --exercise toe-presses --json >/tmp/orig.json
live=$(summary /tmp/run.json)
o=$(summary /tmp/orig.json)
if [ -n "$o" ] && [ "$live" = "$o" ] && grep -q "device lost" /tmp/run.log; then
    pass "hid-wiimote board (calibration applied by the kernel) read live: $live, as the recording; then unplugged"
else
    fail "hid-wiimote board: live $live, recording $o"
fi

echo "== (b) USB HID pressure pad: configfs gadget on dummy_hcd -> usbhid -> evdev"
mount -t configfs none /sys/kernel/config
UDC=$(ls /sys/class/udc | head -1)
G=/sys/kernel/config/usb_gadget/pad
mkdir $G
echo 0x1209 >$G/idVendor
echo 0x0002 >$G/idProduct
mkdir $G/strings/0x409
echo Plantar >$G/strings/0x409/manufacturer
echo "USB Pressure Pad" >$G/strings/0x409/product
mkdir $G/functions/hid.usb0
echo 0 >$G/functions/hid.usb0/protocol
echo 0 >$G/functions/hid.usb0/subclass
echo 9 >$G/functions/hid.usb0/report_length
padfeed rdesc joystick >$G/functions/hid.usb0/report_desc
mkdir $G/configs/c.1
ln -s $G/functions/hid.usb0 $G/configs/c.1/
echo "$UDC" >$G/UDC
PAD=$(wait_node "Plantar USB Pressure Pad") || fail "the USB pad made no evdev node"
HIDG=/dev/$(basename "$(ls -d /sys/class/hidg/hidg* | tail -1)")
plantar devices >/tmp/out.txt 2>&1
show /tmp/out.txt
grep -A1 "$PAD" /tmp/out.txt | grep -q "profile: USB 4-cell pressure pad" &&
    pass "USB pad enumerated through dummy_hcd as \"Plantar USB Pressure Pad\" ($PAD, driver hid-generic), profile matched" ||
    fail "plantar devices did not match the USB pad"
run_start --device "$PAD" --routine /vm/flexes.toml
padfeed play joystick "$HIDG" /fx/foot-flexes-55kg-100hz.evemu >/tmp/feed.log 2>&1
run_wait
show /tmp/run.log /tmp/feed.log
st=$(field /tmp/run.json status)
n=$(field /tmp/run.json counted_reps)
if [ $RUN_RC = 0 ] && [ "$st" = passed ] && [ "$n" = 5 ]; then
    pass "USB pad over usbhid/evdev: foot-flexes $st with $n counted reps (ABS_X/Y/RX/RY in grams)"
else
    fail "USB pad over evdev: rc=$RUN_RC status=$st counted=$n"
fi

echo "== (d) unbinding the USB pad's gadget mid-hold (evdev)"
run_start --device "$PAD" --exercise foot-flexes --reconnect-wait 1
padfeed play joystick "$HIDG" /fx/foot-flexes-55kg-100hz.evemu 34 >/tmp/feed.log 2>&1
echo "" >$G/UDC
run_wait
show /tmp/run.log /tmp/feed.log
plantar replay /fx/ff-part1.evemu --exercise foot-flexes --json >/tmp/part.json
live=$(field /tmp/run.json counted_reps)
want=$(field /tmp/part.json counted_reps)
ended=$(field /tmp/run.json ended_by)
if grep -q "device lost" /tmp/run.log && [ "$ended" = device-lost ] && [ -n "$want" ] && [ "$want" -gt 0 ] &&
    [ "$live" = "$want" ]; then
    pass "USB pad unbound mid-hold: paused, partial report ended_by=$ended with all $live counted reps"
else
    fail "USB pad unbind: ended_by=$ended counted=$live, the recording up to the unbind counts $want"
fi

echo "== (c) USB pad with a vendor-defined report, read through libusb"
V=/sys/kernel/config/usb_gadget/vpad
mkdir $V
echo 0x1209 >$V/idVendor
echo 0x0003 >$V/idProduct
mkdir $V/strings/0x409
echo Plantar >$V/strings/0x409/manufacturer
echo "Vendor Pressure Pad" >$V/strings/0x409/product
mkdir $V/functions/hid.usb0
echo 0 >$V/functions/hid.usb0/protocol
echo 0 >$V/functions/hid.usb0/subclass
echo 10 >$V/functions/hid.usb0/report_length
padfeed rdesc vendor >$V/functions/hid.usb0/report_desc
mkdir $V/configs/c.1
ln -s $V/functions/hid.usb0 $V/configs/c.1/
echo "$UDC" >$V/UDC
i=0
until grep -qs 0003 /sys/bus/usb/devices/*/idProduct || [ $i -gt 500 ]; do
    i=$((i + 1))
    usleep 20000
done
usleep 500000
VHIDG=/dev/$(basename "$(ls -d /sys/class/hidg/hidg* | tail -1)")
plantar devices >/tmp/out.txt 2>&1
show /tmp/out.txt
grep -A1 "1209:0003" /tmp/out.txt | grep -q "profile: USB vendor pressure pad" &&
    pass "vendor pad 1209:0003 listed with the usb-report profile (the kernel gives it no axes)" ||
    fail "plantar devices did not match the vendor pad"
run_start --routine /vm/flexes.toml
padfeed play vendor "$VHIDG" /fx/foot-flexes-55kg-100hz.evemu >/tmp/feed.log 2>&1
run_wait
show /tmp/run.log /tmp/feed.log
st=$(field /tmp/run.json status)
n=$(field /tmp/run.json counted_reps)
if [ $RUN_RC = 0 ] && [ "$st" = passed ] && [ "$n" = 5 ] && grep -q "reading \"Plantar Vendor Pressure Pad\" (/dev/bus/usb" /tmp/run.log; then
    pass "vendor pad through libusb (auto-detected, usbhid detached): foot-flexes $st with $n counted reps"
else
    fail "vendor pad through libusb: rc=$RUN_RC status=$st counted=$n"
fi
# A libusb session is recorded too (its frames, as evemu): the recording replays to the live session's report.
plantar history --json --limit 1 >/tmp/last.json
rec=$(sed -n 's/.*"recording": "\(.*\)",*$/\1/p' /tmp/last.json | head -1)
plantar replay "$rec" --routine /vm/flexes.toml --json >/tmp/rec.json 2>&1
if [ -s "$rec" ] && [ "$(summary /tmp/rec.json)" = "$(summary /tmp/run.json)" ]; then
    pass "the libusb session was recorded to $rec ($(wc -c <"$rec") bytes): it replays to the live report ($(summary /tmp/rec.json))"
else
    fail "libusb session recording: rec=$rec replay $(head -c 300 /tmp/rec.json) vs live $(summary /tmp/run.json)"
fi

echo "== (d) unbinding the vendor pad mid-hold (libusb)"
run_start --exercise foot-flexes --reconnect-wait 1
padfeed play vendor "$VHIDG" /fx/foot-flexes-55kg-100hz.evemu 34 >/tmp/feed.log 2>&1
echo "" >$V/UDC
run_wait
show /tmp/run.log /tmp/feed.log
live=$(field /tmp/run.json counted_reps)
ended=$(field /tmp/run.json ended_by)
if grep -q "device lost" /tmp/run.log && [ "$ended" = device-lost ] && [ -n "$want" ] && [ "$live" = "$want" ]; then
    pass "vendor pad unbound mid-hold (libusb: device gone): paused, ended_by=$ended with all $live counted reps"
else
    fail "vendor pad unbind: ended_by=$ended counted=$live, the recording up to the unbind counts $want"
fi

. /vm/bblsl.sh

. /vm/bluetooth.sh

echo "== udev rule installed: doctor sees it"
mkdir -p /etc/udev/rules.d
cp /vm/70-plantar.rules /etc/udev/rules.d/
plantar doctor >/tmp/doctor.txt 2>&1
grep -q "ok    udev rule /etc/udev/rules.d/70-plantar.rules" /tmp/doctor.txt &&
    pass "'plantar doctor' finds the installed udev rule /etc/udev/rules.d/70-plantar.rules" ||
    fail "plantar doctor did not find the udev rule: $(grep udev /tmp/doctor.txt)"

echo "VM: $FAILS failure(s)"
exit $FAILS
