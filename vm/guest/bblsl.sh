#!/bin/sh
# The BalanceBoardLSL board in the test VM (busybox sh), sourced by tests.sh (its pass/fail/show/wait_node/run_*
# helpers): a USB HID gadget on dummy_hcd with the firmware's real report descriptor, found, matched, read live.
echo "== (f) BalanceBoardLSL board: a Wii board with an Arduino Pro Micro joystick inside, as a USB gadget"
# What the firmware (BBJoystick.ino, Arduino Joystick library 2.0.x) enumerates as: a SparkFun Pro Micro 1b4f:9206,
# an Arduino composite device (CDC ACM serial, then the HID joystick), with the report descriptor the library's
# Joystick_ constructor builds (report id 3, X Y Z Rx Ry, 16 bit, -32767..32767).
grep -q " /sys/kernel/config " /proc/mounts || mount -t configfs none /sys/kernel/config
UDC=$(ls /sys/class/udc | head -1)
L=/sys/kernel/config/usb_gadget/bblsl
mkdir $L
echo 0x1b4f >$L/idVendor
echo 0x9206 >$L/idProduct
echo 0x0100 >$L/bcdDevice
echo 0xEF >$L/bDeviceClass
echo 0x02 >$L/bDeviceSubClass
echo 0x01 >$L/bDeviceProtocol
mkdir $L/strings/0x409
echo SparkFun >$L/strings/0x409/manufacturer
echo "SparkFun Pro Micro" >$L/strings/0x409/product
mkdir $L/configs/c.1
mkdir $L/functions/acm.GS0 && ln -s $L/functions/acm.GS0 $L/configs/c.1/
mkdir $L/functions/hid.usb0
echo 0 >$L/functions/hid.usb0/protocol
echo 0 >$L/functions/hid.usb0/subclass
echo 64 >$L/functions/hid.usb0/report_length
padfeed rdesc bblsl-2.0 >$L/functions/hid.usb0/report_desc
ln -s $L/functions/hid.usb0 $L/configs/c.1/
echo "$UDC" >$L/UDC
LSL=$(wait_node "SparkFun SparkFun Pro Micro") || fail "the BalanceBoardLSL board made no evdev node"
LHIDG=/dev/$(basename "$(ls -d /sys/class/hidg/hidg* | tail -1)")
# The host read the firmware's descriptor byte for byte (usbhid's copy in sysfs).
padfeed rdesc bblsl-2.0 | od -An -tx1 >/tmp/want.txt
od -An -tx1 /sys/class/input/${LSL##*/}/device/device/report_descriptor >/tmp/got.txt 2>&1
plantar devices >/tmp/out.txt 2>&1
show /tmp/out.txt
IFACE=$(cat /sys/class/input/${LSL##*/}/device/device/../bInterfaceNumber 2>/dev/null)
if cmp -s /tmp/want.txt /tmp/got.txt && [ "$IFACE" = 02 ] &&
    grep -A1 "$LSL" /tmp/out.txt | grep -q "profile: BalanceBoardLSL USB board (Pro Micro)"; then
    pass "BalanceBoardLSL board enumerated as 1b4f:9206 ($LSL, HID interface $IFACE after the serial port's two) with the firmware's descriptor ($(tr -d ' \n' </tmp/got.txt)); profile matched"
else
    fail "BalanceBoardLSL board: interface $IFACE, descriptor $(tr -d '\n' </tmp/got.txt), devices: $(grep -A1 "$LSL" /tmp/out.txt | tr '\n' ' ')"
fi
run_start --device "$LSL" --routine /vm/flexes3.toml
padfeed play bblsl-2.0 "$LHIDG" /fx/foot-flexes-55kg-100hz.evemu >/tmp/feed.log 2>&1
run_wait
show /tmp/run.log /tmp/feed.log
st=$(field /tmp/run.json status)
n=$(field /tmp/run.json counted_reps)
base20=$(grep -o "baseline [0-9.]* kg" /tmp/run.log | head -1)
if [ $RUN_RC = 0 ] && [ "$st" = passed ] && [ "$n" = 3 ] && [ -n "$base20" ]; then
    pass "BalanceBoardLSL board read live (corners on X Y Z Rx above their tare point, Ry a ramp): $base20, foot-flexes $st with exactly $n counted reps (routine of 3)"
else
    fail "BalanceBoardLSL board live: rc=$RUN_RC status=$st counted=$n $base20"
fi
echo "" >$L/UDC

# Built today, the firmware gets Joystick library 2.1.x: axes 0..65535, so the tare point is 1535 instead of
# -31232. The profile's zero_above_minimum must give the same loads: the same baseline weight, the first rep counted.
rm $L/configs/c.1/hid.usb0
padfeed rdesc bblsl-2.1 >$L/functions/hid.usb0/report_desc
ln -s $L/functions/hid.usb0 $L/configs/c.1/
echo "$UDC" >$L/UDC
LSL=$(wait_node "SparkFun SparkFun Pro Micro") || fail "the BalanceBoardLSL board (library 2.1) made no evdev node"
LHIDG=/dev/$(basename "$(ls -d /sys/class/hidg/hidg* | tail -1)")
padfeed rdesc bblsl-2.1 | od -An -tx1 >/tmp/want.txt
od -An -tx1 /sys/class/input/${LSL##*/}/device/device/report_descriptor >/tmp/got.txt 2>&1
run_start --device "$LSL" --routine /vm/flexes1.toml
padfeed play bblsl-2.1 "$LHIDG" /fx/foot-flexes-55kg-100hz.evemu >/tmp/feed.log 2>&1
run_wait
show /tmp/run.log /tmp/feed.log
n=$(field /tmp/run.json counted_reps)
base21=$(grep -o "baseline [0-9.]* kg" /tmp/run.log | head -1)
if cmp -s /tmp/want.txt /tmp/got.txt && [ $RUN_RC = 0 ] && [ "$n" = 1 ] && [ "$base21" = "$base20" ]; then
    pass "BalanceBoardLSL board with Joystick library 2.1's descriptor (0..65535, $(tr -d ' \n' </tmp/got.txt | cut -c25-38)...): tare point bound to the axis range, $base21 as with 2.0, exactly $n rep counted (routine of 1)"
else
    fail "BalanceBoardLSL board, library 2.1: rc=$RUN_RC counted=$n '$base21' (2.0: '$base20'), descriptor $(tr -d ' \n' </tmp/got.txt)"
fi
echo "" >$L/UDC
