#!/bin/sh
# The Bluetooth chain and then the reconnect from the power button (not carried yet: see bt_reconnect in bluetooth.sh).
BT_RECONNECT=1
. /vm/bluetooth.sh
