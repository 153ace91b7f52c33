#!/bin/sh
# The Bluetooth chain and then the reconnect from the power button (not carried yet: see bt_reconnect in bluetooth.sh);
# the board goes off 3 s after the disconnect, which shows the kernel BUG follows the failed page, not the disconnect.
BT_RECONNECT=1
export BTBOARD_OFF_DELAY=3
. /vm/bluetooth.sh
