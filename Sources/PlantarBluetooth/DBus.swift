import CSystemd
import Foundation

/// A D-Bus value as read from or written to a message: enough of the type system for BlueZ's object tree.
public indirect enum DBusValue: Sendable, Equatable {
    case byte(UInt8)
    case bool(Bool)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case uint64(UInt64)
    case double(Double)
    case string(String)
    case objectPath(String)
    case signature(String)
    case array([DBusValue])
    /// A dictionary (`a{..}`): its entries in message order.
    case dictionary([DBusEntry])
    case structure([DBusValue])
    case variant(DBusValue)

    public var string: String? {
        switch self {
        case .string(let s), .objectPath(let s), .signature(let s): return s
        case .variant(let v): return v.string
        default: return nil
        }
    }

    public var bool: Bool? {
        switch self {
        case .bool(let b): return b
        case .variant(let v): return v.bool
        default: return nil
        }
    }

    public var integer: Int? {
        switch self {
        case .byte(let v): return Int(v)
        case .int16(let v): return Int(v)
        case .uint16(let v): return Int(v)
        case .int32(let v): return Int(v)
        case .uint32(let v): return Int(v)
        case .int64(let v): return Int(v)
        case .uint64(let v): return Int(clamping: v)
        case .variant(let v): return v.integer
        default: return nil
        }
    }

    public var strings: [String]? {
        switch self {
        case .array(let items): return items.compactMap(\.string)
        case .variant(let v): return v.strings
        default: return nil
        }
    }

    /// The entries of a dictionary, keyed by their string keys.
    public var entries: [String: DBusValue] {
        switch self {
        case .dictionary(let items):
            var out: [String: DBusValue] = [:]
            for e in items { if let k = e.key.string { out[k] = e.value } }
            return out
        case .variant(let v): return v.entries
        default: return [:]
        }
    }

    /// The D-Bus signature of this value (arrays take their first element's type; empty arrays are `as`).
    public var signature: String {
        switch self {
        case .byte: return "y"
        case .bool: return "b"
        case .int16: return "n"
        case .uint16: return "q"
        case .int32: return "i"
        case .uint32: return "u"
        case .int64: return "x"
        case .uint64: return "t"
        case .double: return "d"
        case .string: return "s"
        case .objectPath: return "o"
        case .signature: return "g"
        case .array(let items): return "a" + (items.first?.signature ?? "s")
        case .dictionary(let items):
            guard let first = items.first else { return "a{sv}" }
            return "a{" + first.key.signature + first.value.signature + "}"
        case .structure(let items): return "(" + items.map(\.signature).joined() + ")"
        case .variant: return "v"
        }
    }
}

public struct DBusEntry: Sendable, Equatable {
    public var key: DBusValue
    public var value: DBusValue
    public init(_ key: DBusValue, _ value: DBusValue) {
        self.key = key
        self.value = value
    }
}

/// A failed D-Bus call: the error name (`org.bluez.Error.Failed`, …) and its message, or a local errno.
public struct DBusError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var message: String

    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    public var description: String { message.isEmpty ? name : "\(message) (\(name))" }

    /// Nobody owns the destination name: the service is not running (and cannot be activated).
    public var isServiceUnknown: Bool {
        name == "org.freedesktop.DBus.Error.ServiceUnknown" || name == "org.freedesktop.DBus.Error.NameHasNoOwner"
    }

    static func errno(_ code: Int32, _ what: String) -> DBusError {
        DBusError(name: "errno.\(-code)", message: "\(what): \(String(cString: strerror(-code)))")
    }
}

/// A connection to the system bus through sd-bus. `sd_bus_open_system` honours `DBUS_SYSTEM_BUS_ADDRESS`, so tests
/// and the kernel VM point it at a private bus.
public final class DBusConnection: @unchecked Sendable {
    private var bus: OpaquePointer?

    public init() throws {
        var b: OpaquePointer?
        let r = sd_bus_open_system(&b)
        guard r >= 0, let b else {
            throw DBusError.errno(r, "cannot connect to the system D-Bus (\(Self.systemBusAddress))")
        }
        bus = b
    }

    deinit { sd_bus_flush_close_unref(bus) }

    /// Where the system bus is, as sd-bus looks for it.
    public static var systemBusAddress: String {
        ProcessInfo.processInfo.environment["DBUS_SYSTEM_BUS_ADDRESS"] ?? "unix:path=/run/dbus/system_bus_socket"
    }

    /// Calls a method and returns the reply's arguments.
    @discardableResult
    public func call(
        _ destination: String, _ path: String, _ interface: String, _ member: String, _ arguments: [DBusValue] = [],
        timeoutSeconds: Double = 25
    ) throws -> [DBusValue] {
        var m: OpaquePointer?
        var r = sd_bus_message_new_method_call(bus, &m, destination, path, interface, member)
        guard r >= 0, let m else { throw DBusError.errno(r, "cannot make a D-Bus call to \(member)") }
        defer { sd_bus_message_unref(m) }
        for a in arguments {
            r = Self.append(a, to: m)
            guard r >= 0 else { throw DBusError.errno(r, "cannot encode the arguments of \(member)") }
        }
        var error = plantar_bus_error_null()
        defer { sd_bus_error_free(&error) }
        var reply: OpaquePointer?
        r = sd_bus_call(bus, m, UInt64(timeoutSeconds * 1_000_000), &error, &reply)
        guard r >= 0, let reply else {
            let name = error.name.map { String(cString: $0) }
            let message = error.message.map { String(cString: $0) } ?? String(cString: strerror(-r))
            throw DBusError(name: name ?? "errno.\(-r)", message: message)
        }
        defer { sd_bus_message_unref(reply) }
        return try Self.readAll(reply)
    }

    // MARK: Encoding

    private static func typeCode(_ c: String) -> CChar { CChar(bitPattern: c.utf8.first!) }

    private static func append(_ v: DBusValue, to m: OpaquePointer) -> Int32 {
        func basic<T>(_ type: String, _ value: T) -> Int32 {
            var x = value
            return withUnsafePointer(to: &x) { sd_bus_message_append_basic(m, typeCode(type), $0) }
        }
        switch v {
        case .byte(let x): return basic("y", x)
        case .bool(let x): return basic("b", Int32(x ? 1 : 0))
        case .int16(let x): return basic("n", x)
        case .uint16(let x): return basic("q", x)
        case .int32(let x): return basic("i", x)
        case .uint32(let x): return basic("u", x)
        case .int64(let x): return basic("x", x)
        case .uint64(let x): return basic("t", x)
        case .double(let x): return basic("d", x)
        case .string(let s): return s.withCString { sd_bus_message_append_basic(m, typeCode("s"), $0) }
        case .objectPath(let s): return s.withCString { sd_bus_message_append_basic(m, typeCode("o"), $0) }
        case .signature(let s): return s.withCString { sd_bus_message_append_basic(m, typeCode("g"), $0) }
        case .array(let items):
            let inner = String(v.signature.dropFirst())
            var r = sd_bus_message_open_container(m, typeCode("a"), inner)
            for i in items where r >= 0 { r = append(i, to: m) }
            return r >= 0 ? sd_bus_message_close_container(m) : r
        case .dictionary(let items):
            let inner = String(v.signature.dropFirst())
            let entry = String(inner.dropFirst().dropLast())
            var r = sd_bus_message_open_container(m, typeCode("a"), inner)
            for e in items where r >= 0 {
                r = sd_bus_message_open_container(m, typeCode("e"), entry)
                if r >= 0 { r = append(e.key, to: m) }
                if r >= 0 { r = append(e.value, to: m) }
                if r >= 0 { r = sd_bus_message_close_container(m) }
            }
            return r >= 0 ? sd_bus_message_close_container(m) : r
        case .structure(let items):
            let inner = String(v.signature.dropFirst().dropLast())
            var r = sd_bus_message_open_container(m, typeCode("r"), inner)
            for i in items where r >= 0 { r = append(i, to: m) }
            return r >= 0 ? sd_bus_message_close_container(m) : r
        case .variant(let inner):
            var r = sd_bus_message_open_container(m, typeCode("v"), inner.signature)
            if r >= 0 { r = append(inner, to: m) }
            return r >= 0 ? sd_bus_message_close_container(m) : r
        }
    }

    // MARK: Decoding

    /// Every value left at the current level of the message.
    private static func readAll(_ m: OpaquePointer) throws -> [DBusValue] {
        var out: [DBusValue] = []
        while let v = try readOne(m) { out.append(v) }
        return out
    }

    private static func readOne(_ m: OpaquePointer) throws -> DBusValue? {
        var type: CChar = 0
        var contents: UnsafePointer<CChar>?
        let r = sd_bus_message_peek_type(m, &type, &contents)
        guard r >= 0 else { throw DBusError.errno(r, "cannot read a D-Bus reply") }
        if r == 0 { return nil }
        let code = Character(Unicode.Scalar(UInt8(bitPattern: type)))
        func read<T>(_ initial: T) throws -> T {
            var x = initial
            let r = withUnsafeMutablePointer(to: &x) { sd_bus_message_read_basic(m, type, $0) }
            guard r >= 0 else { throw DBusError.errno(r, "cannot read a D-Bus value") }
            return x
        }
        func readText() throws -> String {
            var p: UnsafePointer<CChar>?
            let r = sd_bus_message_read_basic(m, type, &p)
            guard r >= 0, let p else { throw DBusError.errno(r < 0 ? r : -EBADMSG, "cannot read a D-Bus string") }
            return String(cString: p)
        }
        func container(_ c: String, _ body: () throws -> DBusValue) throws -> DBusValue {
            let inner = contents.map { String(cString: $0) }
            let r = sd_bus_message_enter_container(m, type, inner)
            guard r >= 0 else { throw DBusError.errno(r, "cannot enter a D-Bus \(c)") }
            let v = try body()
            let e = sd_bus_message_exit_container(m)
            guard e >= 0 else { throw DBusError.errno(e, "cannot leave a D-Bus \(c)") }
            return v
        }
        switch code {
        case "y": return .byte(try read(UInt8(0)))
        case "b": return .bool(try read(Int32(0)) != 0)
        case "n": return .int16(try read(Int16(0)))
        case "q": return .uint16(try read(UInt16(0)))
        case "i": return .int32(try read(Int32(0)))
        case "u": return .uint32(try read(UInt32(0)))
        case "x": return .int64(try read(Int64(0)))
        case "t": return .uint64(try read(UInt64(0)))
        case "d": return .double(try read(Double(0)))
        case "h": return .int32(try read(Int32(0)))
        case "s": return .string(try readText())
        case "o": return .objectPath(try readText())
        case "g": return .signature(try readText())
        case "v": return try container("variant") { .variant(try readOne(m) ?? .array([])) }
        case "r": return try container("structure") { .structure(try readAll(m)) }
        case "e":
            return try container("dictionary entry") {
                let items = try readAll(m)
                guard items.count == 2 else { throw DBusError(name: "plantar.BadReply", message: "bad entry") }
                return .structure(items)
            }
        case "a":
            let isDictionary = contents.map { $0.pointee == CChar(bitPattern: UInt8(ascii: "{")) } ?? false
            return try container("array") {
                let items = try readAll(m)
                if isDictionary {
                    return .dictionary(
                        items.compactMap {
                            guard case .structure(let kv) = $0, kv.count == 2 else { return nil }
                            return DBusEntry(kv[0], kv[1])
                        })
                }
                return .array(items)
            }
        default:
            throw DBusError(name: "plantar.BadReply", message: "unsupported D-Bus type '\(code)'")
        }
    }
}
