'''A BlueZ (bluetoothd) mock for Plantar's `pair` tests: python-dbusmock's bluez5 template, plus what pairing a
Wii Balance Board needs and the template lacks — boards that appear when discovery starts (as SYNC makes them
discoverable), ConnectProfile, pairing failures, BlueZ's version in the adapter's Modalias, an adapter that cannot be
switched on, and the input device hid-wiimote would make (written into a test sysfs directory).

Parameters (JSON, all optional):
  version      "5.66"                  BlueZ version reported through the adapter's Modalias
  adapters     [{"name": "hci0", "powered": true, "power_error": "org.bluez.Error.Blocked"}]
  boards       [{"address": "00:1E:35:3B:7E:6D", "sync": true, "paired": false, "trusted": false,
                 "connected": false, "name": "Nintendo RVL-WBC-01"}]
               sync: discoverable once StartDiscovery is called; otherwise a known device, not in range
  pair_error   D-Bus error name Device1.Pair raises (e.g. org.bluez.Error.AuthenticationFailed)
  connect_error D-Bus error name ConnectProfile/Connect raise
  input        "board" (default), "remote" (only "Nintendo Wii Remote" devices) or "none"
  sysfs        directory standing for /sys/class/input, where ConnectProfile makes the input device
  log          file where each call BlueZ received is appended, one line each
'''

import os

import dbus

from dbusmock import OBJECT_MANAGER_IFACE, mockobject
from dbusmock.templates import bluez5

BUS_NAME = bluez5.BUS_NAME
MAIN_OBJ = bluez5.MAIN_OBJ
SYSTEM_BUS = True
IS_OBJECT_MANAGER = True

ADAPTER_IFACE = bluez5.ADAPTER_IFACE
DEVICE_IFACE = bluez5.DEVICE_IFACE
HID_UUID = '00001124-0000-1000-8000-00805f9b34fb'
PARAMS = {}


def note(text):
    if PARAMS.get('log'):
        with open(PARAMS['log'], 'a', encoding='utf-8') as f:
            f.write(text + '\n')


class RefusingProps(dict):
    '''Adapter properties whose Powered cannot be set (as when rfkill blocks the adapter).'''
    error = 'org.bluez.Error.Failed'

    def __setitem__(self, key, value):
        if key == 'Powered' and value:
            raise dbus.exceptions.DBusException('Blocked through rfkill', name=self.error)
        super().__setitem__(key, value)


def raise_if(name, message):
    if name:
        raise dbus.exceptions.DBusException(message, name=name)


def changed(obj, iface, props):
    obj.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as', [iface, props, []])


def add_board(bluez, adapter, board, in_range):
    path = bluez5.AddDevice(bluez, adapter, board['address'], board.get('name', 'Nintendo RVL-WBC-01'))
    dev = mockobject.objects[path]
    props = dev.props[DEVICE_IFACE]
    if not in_range:
        del props['RSSI']
    for key, prop in (('paired', 'Paired'), ('trusted', 'Trusted'), ('connected', 'Connected')):
        props[prop] = dbus.Boolean(board.get(key, False), variant_level=1)
    dev.paired = board.get('paired', False)
    dev.connected = board.get('connected', False)
    dev.AddMethods(DEVICE_IFACE, [
        ('Pair', '', '', Pair),
        ('ConnectProfile', 's', '', ConnectProfile),
        ('Connect', '', '', Connect),
        ('Disconnect', '', '', Disconnect),
    ])
    return path


@dbus.service.method(ADAPTER_IFACE, in_signature='', out_signature='')
def StartDiscovery(adapter):
    note('StartDiscovery ' + adapter.path)
    bluez5.StartDiscovery(adapter)
    bluez = mockobject.objects['/']
    for board in PARAMS.get('boards', []):
        path = adapter.path + '/dev_' + board['address'].replace(':', '_').upper()
        if board.get('sync', True) and path not in mockobject.objects:
            add_board(bluez, os.path.basename(adapter.path), board, True)
        elif board.get('sync', True):
            mockobject.objects[path].props[DEVICE_IFACE]['RSSI'] = dbus.Int16(-60, variant_level=1)


@dbus.service.method(ADAPTER_IFACE, in_signature='o', out_signature='')
def RemoveDevice(adapter, path):
    note('RemoveDevice ' + path)
    bluez5.RemoveDevice(adapter, path)
    # A board still in SYNC mode is found again by the running inquiry, now without a bond.
    if adapter.props[ADAPTER_IFACE]['Discovering']:
        for board in PARAMS.get('boards', []):
            if path.endswith(board['address'].replace(':', '_').upper()) and board.get('sync', True):
                fresh = dict(board, paired=False, trusted=False, connected=False)
                add_board(mockobject.objects['/'], os.path.basename(adapter.path), fresh, True)


@dbus.service.method(DEVICE_IFACE, in_signature='', out_signature='')
def Pair(device):
    note('Pair ' + device.path)
    raise_if(PARAMS.get('pair_error'), 'Authentication Failed')
    if device.paired:
        raise dbus.exceptions.DBusException('Already Exists', name='org.bluez.Error.AlreadyExists')
    device.paired = True
    props = device.props[DEVICE_IFACE]
    props['Paired'] = dbus.Boolean(True, variant_level=1)
    props['LegacyPairing'] = dbus.Boolean(True, variant_level=1)
    props['UUIDs'] = dbus.Array([HID_UUID, '00001200-0000-1000-8000-00805f9b34fb'], signature='s', variant_level=1)
    changed(device, DEVICE_IFACE, {'Paired': dbus.Boolean(True, variant_level=1)})


def make_input(device):
    kind = PARAMS.get('input', 'board')
    sysfs = PARAMS.get('sysfs')
    if kind == 'none' or not sysfs:
        return
    names = ['Nintendo Wii Remote Balance Board']
    if kind == 'remote':
        names = ['Nintendo Wii Remote', 'Nintendo Wii Remote Accelerometer', 'Nintendo Wii Remote IR']
    for i, name in enumerate(names):
        d = os.path.join(sysfs, f'event{20 + i}', 'device')
        os.makedirs(os.path.join(d, 'id'), exist_ok=True)
        for f, v in (('name', name), ('id/bustype', '0005'), ('id/vendor', '057e'), ('id/product', '0306'),
                     ('id/version', '8000')):
            with open(os.path.join(d, f), 'w', encoding='utf-8') as out:
                out.write(v + '\n')


def set_connected(device, value):
    device.connected = value
    device.props[DEVICE_IFACE]['Connected'] = dbus.Boolean(value, variant_level=1)
    changed(device, DEVICE_IFACE, {'Connected': dbus.Boolean(value, variant_level=1)})


@dbus.service.method(DEVICE_IFACE, in_signature='s', out_signature='')
def ConnectProfile(device, uuid):
    note(f'ConnectProfile {device.path} {uuid} trusted={bool(device.props[DEVICE_IFACE]["Trusted"])}')
    raise_if(PARAMS.get('connect_error'), 'Page Timeout')
    if uuid != HID_UUID:
        raise dbus.exceptions.DBusException('Profile unavailable', name='org.bluez.Error.NotAvailable')
    if device.connected:
        raise dbus.exceptions.DBusException('Already Connected', name='org.bluez.Error.AlreadyConnected')
    set_connected(device, True)
    make_input(device)


@dbus.service.method(DEVICE_IFACE, in_signature='', out_signature='')
def Connect(device):
    note('Connect ' + device.path)
    raise_if(PARAMS.get('connect_error'), 'Host is down')
    if device.connected:
        raise dbus.exceptions.DBusException('Already Connected', name='org.bluez.Error.AlreadyConnected')
    set_connected(device, True)
    make_input(device)


@dbus.service.method(DEVICE_IFACE, in_signature='', out_signature='')
def Disconnect(device):
    note('Disconnect ' + device.path)
    if not device.connected:
        raise dbus.exceptions.DBusException('Not Connected', name='org.bluez.Error.NotConnected')
    set_connected(device, False)


def load(mock, parameters):
    PARAMS.clear()
    PARAMS.update(parameters or {})
    mockobject.objects.setdefault('/', mock)
    bluez5.load(mock, parameters)
    major, minor = (int(x) for x in PARAMS.get('version', '5.66').split('.'))
    for a in PARAMS.get('adapters', [{'name': 'hci0'}]):
        path = bluez5.AddAdapter(mock, a['name'], 'plantar-test')
        adapter = mockobject.objects[path]
        props = adapter.props[ADAPTER_IFACE]
        props['Modalias'] = dbus.String(f'usb:v1D6Bp0246d{(major << 8) | minor:04X}', variant_level=1)
        props['Powered'] = dbus.Boolean(a.get('powered', True), variant_level=1)
        if a.get('power_error'):
            refusing = RefusingProps(props)
            refusing.error = a['power_error']
            adapter.props[ADAPTER_IFACE] = refusing
        adapter.AddMethods(ADAPTER_IFACE, [
            ('StartDiscovery', '', '', StartDiscovery),
            ('RemoveDevice', 'o', '', RemoveDevice),
        ])
    adapters = PARAMS.get('adapters', [{'name': 'hci0'}])
    for board in PARAMS.get('boards', []) if adapters else []:
        if not board.get('sync', True) or board.get('paired'):
            add_board(mock, adapters[0]['name'], board, False)
