#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The names in a directory, as `FileManager.contentsOfDirectory(atPath:)` gives them (every entry but `.`, `..`
/// and `._`, in the order the directory lists them, invalid UTF-8 repaired), read with `readdir` alone: nil where
/// it would throw (no such directory, not a directory, not readable), without building the error.
public enum DirectoryListing {
    public static func names(atPath path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            guard entry.pointee.d_ino != 0 else { continue }
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { bytes in
                String(cString: bytes.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." || name == "._" { continue }
            names.append(name)
        }
        return names
    }
}
