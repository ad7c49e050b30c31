import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

public enum RunLockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another process holds the lock (exit 75).
    case held(path: String, holder: String?)
    case cannotOpen(path: String, reason: String)

    public var message: LocalizedText {
        switch self {
        case .held(let path, let holder):
            let who = holder.map { " (PID \($0))" } ?? ""
            return LocalizedText(
                de:
                    "Ein anderer Lauf von semco-zoom hält gerade die Sperre „\(path)“\(who). Nichts wurde verändert; später erneut starten.",
                en: "Another semco-zoom run holds the lock \"\(path)\"\(who). Nothing was touched; try again later.")
        case .cannotOpen(let path, let reason):
            return LocalizedText(
                de: "Die Sperrdatei „\(path)“ kann nicht geöffnet werden (\(reason)). Rechte des Ordners prüfen.",
                en: "The lock file \"\(path)\" cannot be opened (\(reason)). Check the folder's permissions.")
        }
    }

    public var description: String { message.en }
}

/// One run at a time: an OS file lock (`flock`) on `<state>.lock`, held until `release()` or
/// the process ends — a killed run never leaves a lock behind. The lock file itself is never
/// deleted (deleting it would let two runs lock two different files).
public final class RunLock: @unchecked Sendable {
    public let url: URL
    private let lock = NSLock()
    private var fd: Int32

    private init(url: URL, fd: Int32) {
        self.url = url
        self.fd = fd
    }

    /// Takes the exclusive lock without waiting; throws `.held` when another process has it.
    public static func acquire(_ url: URL, shared: Bool = false) throws(RunLockError) -> RunLock {
        let path = url.path
        do {
            try OwnerOnly.createDirectory(url.deletingLastPathComponent())
        } catch {
            throw .cannotOpen(path: path, reason: (error as NSError).localizedDescription)
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        while flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            let holder = Self.readHolder(fd)
            close(fd)
            if code == EWOULDBLOCK || code == EAGAIN { throw .held(path: path, holder: holder) }
            throw .cannotOpen(path: path, reason: String(cString: strerror(code)))
        }
        if !shared {
            // Who holds it, for the message a second run prints (informational only).
            let text = "\(getpid())\n"
            _ = ftruncate(fd, 0)
            _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        }
        return RunLock(url: url, fd: fd)
    }

    /// True when another process holds the lock now (for `doctor` and `status`).
    public static func isHeld(_ url: URL) -> Bool {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK || errno == EAGAIN
    }

    private static func readHolder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, 31, 0)
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    public func release() {
        lock.lock()
        defer { lock.unlock() }
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
