import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file or folder the output stage could not write, with what to do about it.
public struct OutputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: LocalizedText

    public init(path: String, message: LocalizedText) {
        self.path = path
        self.message = message
    }

    public var description: String { message.en }
}

/// Writes files readable by their owner only: 0600 files, 0700 folders. Files are written
/// to a temporary sibling and renamed into place, so a reader never sees half a file.
public enum OwnerOnlyFiles {
    /// Creates `url` and any missing parents with mode 0700. An existing folder is tightened
    /// to 0700 only when it is one the output stage owns (`tighten`).
    public static func createDirectory(_ url: URL, tighten: Bool = true) throws {
        let path = url.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw OutputError(
                    path: path,
                    message: LocalizedText(
                        de:
                            "\(path) ist eine Datei, kein Ordner. Bitte entfernen oder einen anderen Ausgabeordner (--out) angeben.",
                        en: "\(path) is a file, not a folder. Remove it or choose another output folder (--out)."))
            }
            if tighten { chmod(path, 0o700) }
            return
        }
        try createDirectory(url.deletingLastPathComponent(), tighten: false)
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw failure(path, errno, verbDE: "Ordner anlegen", verbEN: "create the folder")
        }
        chmod(path, 0o700)  // mkdir honours the umask; make the mode exact.
    }

    /// Writes `data` to `url` (mode 0600), replacing an existing file atomically. Another
    /// `mode` only for a file meant for another service that holds no personal data (metrics).
    public static func write(_ data: Data, to url: URL, mode: mode_t = 0o600) throws {
        try write(to: url, mode: mode) { out in data.withUnsafeBytes { out.append(bytes: $0) } }
    }

    /// Writes the file `body` produces to `url` (mode 0600), replacing an existing file
    /// atomically: `body` writes into a small buffer that goes to a temporary sibling as it
    /// fills, so the file is never held whole in memory. When `body` throws, or a write
    /// fails, the temporary file is removed and `url` is left as it was.
    static func write(to url: URL, mode: mode_t = 0o600, _ body: (inout ByteOutput) throws -> Void) throws {
        let directory = url.deletingLastPathComponent()
        try createDirectory(directory, tighten: false)
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw failure(url.path, errno, verbDE: "Datei schreiben", verbEN: "write the file") }
        let modeErrno = fchmod(fd, mode) == 0 ? 0 : errno
        var out = ByteOutput(fd: fd)
        do {
            try body(&out)
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        out.flush()
        let code = modeErrno != 0 ? modeErrno : out.errorCode
        let ok = code == 0 && fsync(fd) == 0
        let savedErrno = code != 0 ? code : errno
        close(fd)
        guard ok, rename(temp, url.path) == 0 else {
            let e = ok ? errno : savedErrno
            unlink(temp)
            throw failure(url.path, e, verbDE: "Datei schreiben", verbEN: "write the file")
        }
    }

    /// Writes UTF-8 text.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    private static func failure(_ path: String, _ code: Int32, verbDE: String, verbEN: String) -> OutputError {
        let reason = String(cString: strerror(code))
        return OutputError(
            path: path,
            message: LocalizedText(
                de: "Konnte \(verbDE) nicht: \(path) (\(reason)). Bitte Schreibrechte und freien Platz prüfen.",
                en: "Could not \(verbEN): \(path) (\(reason)). Check write permission and free space."))
    }
}
