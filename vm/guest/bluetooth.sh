#!/bin/sh
# The Bluetooth chain in the test VM (busybox sh), sourced by tests.sh (its pass/fail/show/wait_line/field helpers):
# hci_vhci + btvirt make two emulated BR/EDR controllers linked by an emulated radio; btboard takes hci1 through an
# HCI user channel and is a Wii Balance Board on it (vm/src/btboard.c); dbus-daemon and bluetoothd (BlueZ 5.66)
# run on hci0; then plantar doctor, plantar pair, hid-wiimote's input device, a live session and the disconnect.
echo "== (g) Bluetooth: btvirt + bluetoothd + an emulated Nintendo RVL-WBC-01 -> plantar pair -> hidp -> session"
# Not part of `make vm-test` (VM_TESTS=bluetooth-reconnect runs it): the board switched off after the session and
# back on by its power button. The next run finds it bonded but not connected, BlueZ cannot page it, so plantar asks
# for the power button and waits; pressed, the board pages the host and opens the HID channels itself. Not carried
# yet: on Debian 12's 6.1.192 kernel, run's Device1.ConnectProfile to the board that is off (btdev answers the page
# at once with Page Timeout) is followed ~0.2 s later by a kernel BUG in hci_chan_del (list_del corruption) from
# bluetoothd's l2cap_sock_release; bluetoothd is gone after that, so the host refuses the board's PSM 0x11 (result 2,
# no listener) and the reconnect fails. Without that failed page (make vm-test's path) dmesg stays clean.
bt_reconnect() {
    plantar run --routine /vm/flexes1.toml --reconnect-wait 60 --json >/tmp/run.json 2>/tmp/run.log &
    RUN_PID=$!
    wait_line /tmp/run.log "press the power button on the board"
    sleep 2
    touch /tmp/btboard.power
    run_wait
    wait $BTBOARD
    show /tmp/run.log /tmp/btboard.log
    n=$(field /tmp/run.json counted_reps)
    if grep -q "opened L2CAP channel PSM 0x13 to the host" /tmp/btboard.log && grep -q "balance board .* is connected" /tmp/run.log &&
        [ $RUN_RC = 0 ] && [ "$n" = 1 ] && grep -q "disconnected the balance board" /tmp/run.log; then
        pass "reconnect from the power button: run asked for it, the board paged the host and opened PSM 0x11/0x13 itself (bonded link key), hid-wiimote came back, exactly $n rep counted, disconnected at the end"
    else
        fail "reconnect from the power button: rc=$RUN_RC counted=$n; $(grep -i 'power\|connect\|refused' /tmp/run.log /tmp/btboard.log | tr '\n' ';')"
    fi
}
bt_ready=1
btvirt -B -l2 >/tmp/btvirt.log 2>&1 &
BTVIRT=$!
i=0
until [ -e /sys/class/bluetooth/hci1 ] || [ $i -gt 500 ]; do i=$((i + 1)); usleep 20000; done
[ -e /sys/class/bluetooth/hci1 ] || { fail "btvirt made no two controllers: $(cat /tmp/btvirt.log)"; bt_ready=0; }
if [ $bt_ready = 1 ]; then
    btboard 1 /fx/foot-flexes-55kg-100hz.evemu ${BT_RECONNECT:+reconnect} >/tmp/btboard.log 2>&1 &
    BTBOARD=$!
    wait_line /tmp/btboard.log "ready on hci1" || { fail "btboard did not take hci1: $(cat /tmp/btboard.log)"; bt_ready=0; }
fi
if [ $bt_ready = 1 ]; then
    mkdir -p /run/dbus /var/lib/bluetooth /etc/bluetooth
    dbus-daemon --config-file=/vm/dbus-system.conf --nofork --nopidfile >/tmp/dbus.log 2>&1 &
    DBUS=$!
    i=0
    until [ -S /run/dbus/system_bus_socket ] || [ $i -gt 500 ]; do i=$((i + 1)); usleep 20000; done
    bluetoothd -n -d >/tmp/bluetoothd.log 2>&1 &
    BLUETOOTHD=$!
    wait_line /tmp/bluetoothd.log "management interface" || fail "bluetoothd did not start: $(tail -5 /tmp/bluetoothd.log /tmp/dbus.log)"
    sleep 1
    plantar doctor >/tmp/doctor.txt 2>&1
    show /tmp/doctor.txt
    if grep -q "ok    bluetoothd running (BlueZ 5.66)" /tmp/doctor.txt; then
        pass "'plantar doctor' talks to the real bluetoothd over the system bus: $(grep -i 'bluez\|adapter' /tmp/doctor.txt | tr -s ' ' | tr '\n' ';')"
    else
        fail "plantar doctor with bluetoothd: $(grep -i 'blue\|adapter' /tmp/doctor.txt | tr '\n' ';')"
    fi
    plantar pair --timeout 30 >/tmp/pair.txt 2>&1
    prc=$?
    show /tmp/pair.txt
    grep -q "found the board" /tmp/pair.txt &&
        pass "plantar pair discovered the emulated board through BlueZ (inquiry + name request on the virtual link): $(grep 'found the board' /tmp/pair.txt)" ||
        fail "plantar pair did not find the board (rc $prc)"
    grep -q "PIN requested: answered with the host's address" /tmp/btboard.log && grep -q "paired: link key stored" /tmp/btboard.log &&
        grep -q "paired and trusted" /tmp/pair.txt &&
        pass "legacy PIN pairing: the wiimote plugin's PIN (the adapter's address) matched the board's; bonded and trusted" ||
        fail "pairing: $(grep -i 'pin\|pair\|auth' /tmp/btboard.log /tmp/pair.txt | tr '\n' ';')"
    grep -q "L2CAP channel PSM 0x01 open" /tmp/btboard.log && grep -q "encryption on, status 0x00" /tmp/btboard.log &&
        grep -q "L2CAP channel PSM 0x11 open" /tmp/btboard.log && grep -q "L2CAP channel PSM 0x13 open" /tmp/btboard.log &&
        pass "HID profile connected: bluetoothd read the board's SDP records (PSM 0x01), encrypted the bonded link and opened PSM 0x11 and 0x13" ||
        fail "HID connection: $(grep -i 'psm\|connect' /tmp/btboard.log /tmp/pair.txt | tr '\n' ';')"
    [ $prc = 0 ] || grep -v "^$" /tmp/bluetoothd.log | tail -60 | show
    if [ $prc = 0 ] && grep -q "profile Wii Balance Board" /tmp/pair.txt; then
        pass "plantar pair: exit 0, hidp + hid-wiimote made \"Nintendo Wii Remote Balance Board\": $(grep 'input device' /tmp/pair.txt | tail -1)"
    else
        fail "plantar pair exited $prc: $(tail -3 /tmp/pair.txt | tr '\n' ';')"
    fi
    [ $prc = 0 ] || show /tmp/btboard.log
    if [ $prc = 0 ]; then
        plantar run --routine /vm/flexes3.toml --json >/tmp/run.json 2>/tmp/run.log
        rrc=$?
        if [ -n "$BT_RECONNECT" ]; then wait_line /tmp/btboard.log "off: not connectable"; else wait $BTBOARD; fi
        show /tmp/run.log /tmp/btboard.log
        st=$(field /tmp/run.json status)
        n=$(field /tmp/run.json counted_reps)
        if [ $rrc = 0 ] && [ "$st" = passed ] && [ "$n" = 3 ]; then
            pass "live session over Bluetooth (hidp, hid-wiimote): foot-flexes $st with $n counted reps"
        else
            fail "live session over Bluetooth: rc=$rrc status=$st counted=$n"
        fi
        grep -q "disconnected the balance board" /tmp/run.log && grep -q "host disconnected" /tmp/btboard.log &&
            pass "the session's end disconnected the board through BlueZ (Device1.Disconnect): $(grep 'host disconnected' /tmp/btboard.log)" ||
            fail "no disconnect at the end of run: $(grep -i disconnect /tmp/run.log /tmp/btboard.log | tr '\n' ';')"
        # The disconnect must leave the kernel's Bluetooth stack intact (a BUG there came ~0.2 s after it).
        sleep 1
        if dmesg | grep -q "kernel BUG\|Oops\|list_del corruption"; then
            fail "the kernel oopsed around the disconnect: $(dmesg | grep -m3 "BUG\|Oops\|RIP\|hci_\|l2cap_" | tr '\n' ';')"
        else
            pass "no kernel oops around the disconnect (dmesg clean)"
        fi
        [ -n "$BT_RECONNECT" ] && bt_reconnect
    fi
    kill $BLUETOOTHD $DBUS 2>/dev/null
fi
kill $BTBOARD $BTVIRT 2>/dev/null
grep -E "bluetoothd\[[0-9]+\]: .*(error|Error|fail)" /tmp/bluetoothd.log | head -20 | show
