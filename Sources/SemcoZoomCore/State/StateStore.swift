import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the state file could not be read or written. The run refuses to go on and never
/// overwrites a file it could not make sense of.
public enum StateStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case newerFormat(path: String, found: Int, supported: Int)
    case lineageChanged(path: String, expected: String, found: String)
    case writeFailed(path: String, reason: String)
    /// The write-ahead journal beside the state file does not continue it (another lineage, a
    /// gap in the serials, a damaged line before the last): nothing is replayed or overwritten.
    case journalRefused(path: String, reason: String)

    public var message: LocalizedText {
        switch self {
        case .unreadable(let path, let reason):
            return LocalizedText(
                de:
                    "Die Statusdatei „\(path)“ ist nicht lesbar (\(reason)). Rechte prüfen; die Datei wurde nicht verändert.",
                en:
                    "The state file \"\(path)\" cannot be read (\(reason)). Check its permissions; the file was not changed."
            )
        case .malformed(let path, let reason):
            return LocalizedText(
                de:
                    "Die Statusdatei „\(path)“ ist kein gültiges JSON von semco-zoom (\(reason)). Sie wird nicht überschrieben: "
                    + "die Vorversion „\(path).bak“ prüfen und ggf. zurückkopieren.",
                en: "The state file \"\(path)\" is not valid semco-zoom JSON (\(reason)). It is not overwritten: "
                    + "check the previous version \"\(path).bak\" and copy it back if it is good.")
        case .newerFormat(let path, let found, let supported):
            return LocalizedText(
                de:
                    "Die Statusdatei „\(path)“ hat das Format \(found); diese Version von semco-zoom kennt nur bis \(supported). "
                    + "semco-zoom aktualisieren; die Datei wird nicht überschrieben.",
                en: "The state file \"\(path)\" has format \(found); this semco-zoom reads up to \(supported). "
                    + "Update semco-zoom; the file is not overwritten.")
        case .lineageChanged(let path, let expected, let found):
            return LocalizedText(
                de:
                    "Die Statusdatei „\(path)“ wurde während des Laufs durch eine andere ersetzt (Kennung \(found) statt \(expected)). "
                    + "Der Lauf bricht ab und überschreibt sie nicht; prüfen, wer die Datei ersetzt hat.",
                en:
                    "The state file \"\(path)\" was replaced by another one during the run (lineage \(found) instead of \(expected)). "
                    + "The run stops and does not overwrite it; find out who replaced the file.")
        case .writeFailed(let path, let reason):
            return LocalizedText(
                de:
                    "Die Statusdatei „\(path)“ konnte nicht geschrieben werden (\(reason)). Speicherplatz und Rechte prüfen.",
                en: "The state file \"\(path)\" could not be written (\(reason)). Check disk space and permissions.")
        case .journalRefused(let path, let reason):
            return LocalizedText(
                de:
                    "Das Änderungsjournal „\(path)“ passt nicht zur Statusdatei (\(reason)). Der Lauf bricht ab und verändert "
                    + "weder Journal noch Statusdatei. Prüfen, welche Datei ersetzt wurde; gehört das Journal nicht dazu, "
                    + "es beiseite legen (docs/state.md).",
                en:
                    "The change journal \"\(path)\" does not belong to the state file (\(reason)). The run stops and changes "
                    + "neither the journal nor the state file. Find out which file was replaced; if the journal does not belong, "
                    + "move it aside (docs/state.md).")
        }
    }

    public var description: String { message.en }
}

/// The state as loaded, with whether a file existed.
public struct LoadedState: Sendable, Equatable {
    public var state: SyncState
    /// False when there was no file yet: `state` is a new one with a fresh lineage.
    public var existed: Bool
    /// The identity of the file as read, to notice a file swapped underneath the run.
    public var fingerprint: StateStore.Fingerprint?
    /// True when a journal (`<state>.journal`) was found beside the file; `state` includes its
    /// changes. A sync run folds it into the state file before it changes anything.
    public var journalFound: Bool
    /// Changes replayed from the journal.
    public var journalEntries: Int

    public init(
        state: SyncState, existed: Bool, fingerprint: StateStore.Fingerprint?, journalFound: Bool = false,
        journalEntries: Int = 0
    ) {
        self.state = state
        self.existed = existed
        self.fingerprint = fingerprint
        self.journalFound = journalFound
        self.journalEntries = journalEntries
    }
}

/// Reads and writes the state file (`StateFile`: one course per line, sorted keys, ISO dates),
/// written atomically (temp file in the same folder, fsync, previous version kept as `<state>.bak`,
/// rename, fsync of the folder), created owner-only.
public struct StateStore: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url.standardizedFileURL }

    public var backupURL: URL { URL(fileURLWithPath: url.path + ".bak") }
    public var lockURL: URL { URL(fileURLWithPath: url.path + ".lock") }
    /// The write-ahead journal of the changes since the file was last written (docs/state.md).
    public var journalURL: URL { URL(fileURLWithPath: url.path + ".journal") }
    public var directory: URL { url.deletingLastPathComponent() }

    /// What identifies one version of the file on disk (device, inode, size, modification time).
    public struct Fingerprint: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Loads the state and replays the journal beside it (read only: nothing is written). A
    /// missing file gives a new state (fresh lineage), created on the first write.
    public func load() throws(StateStoreError) -> LoadedState {
        let path = url.path
        let journalPath = journalURL.path
        guard FileManager.default.fileExists(atPath: path) else {
            if FileManager.default.fileExists(atPath: journalPath) {
                throw .journalRefused(path: journalPath, reason: "there is a journal but no state file \(path)")
            }
            return LoadedState(state: SyncState(), existed: false, fingerprint: nil)
        }
        let fingerprint = Self.fingerprint(of: path)
        var state = try StateFile.read(path: path)
        guard FileManager.default.fileExists(atPath: journalPath) else {
            return LoadedState(state: state, existed: true, fingerprint: fingerprint)
        }
        let journal: Data
        do {
            journal = try Data(contentsOf: journalURL)
        } catch {
            throw .unreadable(path: journalPath, reason: Self.reason(error))
        }
        let replayed = try JournalFile.replay(journal, onto: &state, path: journalPath)
        return LoadedState(
            state: state, existed: true, fingerprint: fingerprint, journalFound: true, journalEntries: replayed)
    }

    /// Writes `state` with `serial` + 1 and `updatedAt` = `now`, after checking that the file on
    /// disk is still the one this run read or last wrote (`expected`): a file swapped for one of
    /// another lineage or a newer format is refused, never overwritten. Returns what was written
    /// and the new file's fingerprint.
    @discardableResult
    public func save(_ state: SyncState, now: Date, expected: Fingerprint?) throws(StateStoreError) -> (
        SyncState, Fingerprint?
    ) {
        var written = state
        written.format = SyncState.currentFormat
        written.serial += 1
        written.updatedAt = now
        let (print, _) = try writeExact(written, expected: expected)
        return (written, print)
    }

    /// Writes `state` as it is (serial and date unchanged) after the same checks as `save`;
    /// returns the new fingerprint and the bytes written. The journal's fold uses it.
    @discardableResult
    func writeExact(_ state: SyncState, expected: Fingerprint?) throws(StateStoreError) -> (Fingerprint?, Int) {
        let path = url.path
        try ensureDirectory()
        try verifyOnDisk(expected: expected, lineage: state.lineage)
        // Course by course into the file (docs/state.md); always in the current format.
        let written = try Self.atomicWrite(to: url, keepBackup: true) { (sink) throws(StateStoreError) in
            try StateFile.write(state, to: &sink)
        }
        return (Self.fingerprint(of: path), written)
    }

    /// Makes sure the file on disk is still the one this run read or last wrote (`expected`), or
    /// at least one of the same lineage and a format this build writes. A missing file passes.
    func verifyOnDisk(expected: Fingerprint?, lineage: String) throws(StateStoreError) {
        let path = url.path
        if FileManager.default.fileExists(atPath: path) {
            let current = Self.fingerprint(of: path)
            if current == nil || current != expected {
                // Not the version we know: read its top-level fields and make sure it is still ours.
                let header = try StateFile.readHeader(path: path)
                let format = header.format ?? 0
                if format > SyncState.currentFormat {
                    throw .newerFormat(path: path, found: format, supported: SyncState.currentFormat)
                }
                if header.lineage != lineage {
                    throw .lineageChanged(path: path, expected: lineage, found: header.lineage ?? "-")
                }
            }
        }
    }

    /// Creates the state's folder owner-only when it is missing.
    public func ensureDirectory() throws(StateStoreError) {
        do {
            try OwnerOnly.createDirectory(directory)
        } catch {
            throw .writeFailed(path: directory.path, reason: Self.reason(error))
        }
    }

    /// temp file (0600) in the same folder → fsync → `<file>.bak` → rename over → fsync folder.
    static func atomicWrite(_ data: Data, to url: URL, keepBackup: Bool) throws(StateStoreError) {
        try atomicWrite(to: url, keepBackup: keepBackup) { (sink) throws(StateStoreError) in sink.append(data) }
    }

    /// `atomicWrite` of what `body` writes: into a small buffer that goes to the temp file as it
    /// fills, so the file is never held whole in memory. Returns the bytes written.
    @discardableResult
    static func atomicWrite(
        to url: URL, keepBackup: Bool, _ body: (inout FileSink) throws(StateStoreError) -> Void
    ) throws(StateStoreError) -> Int {
        let path = url.path
        let dir = url.deletingLastPathComponent().path
        let temp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        var sink = FileSink(path: path, fd: fd)
        do {
            try body(&sink)
            sink.flush()
            if sink.errorCode != 0 { failure = String(cString: strerror(sink.errorCode)) }
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        let written = sink.written
        if failure == nil, fchmod(fd, 0o600) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            unlink(temp)
            throw .writeFailed(path: path, reason: failure)
        }
        if keepBackup, access(path, F_OK) == 0 {
            let backup = path + ".bak"
            unlink(backup)
            // A hard link keeps the state file in place until the rename replaces it.
            if link(path, backup) != 0 {
                if let old = FileManager.default.contents(atPath: path) {
                    let bfd = open(backup, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
                    if bfd >= 0 {
                        _ = POSIXWrite.all(bfd, old)
                        fsync(bfd)
                        close(bfd)
                    }
                }
            }
        }
        if rename(temp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw .writeFailed(path: path, reason: reason)
        }
        let dfd = open(dir, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
        return written
    }

    static func fingerprint(of path: String) -> Fingerprint? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
            return Fingerprint(
                device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                modifiedSeconds: Int(info.st_mtimespec.tv_sec), modifiedNanoseconds: Int(info.st_mtimespec.tv_nsec))
        #else
            return Fingerprint(
                device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
        #endif
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DecodingError {
            switch error {
            case .dataCorrupted(let context):
                return "invalid JSON at \(Self.path(context.codingPath)): \(context.debugDescription)"
            case .keyNotFound(let key, let context):
                return "missing \"\(key.stringValue)\" at \(Self.path(context.codingPath))"
            case .typeMismatch(_, let context):
                return "wrong type at \(Self.path(context.codingPath)): \(context.debugDescription)"
            case .valueNotFound(_, let context): return "missing value at \(Self.path(context.codingPath))"
            @unknown default: return "\(error)"
            }
        }
        return (error as NSError).localizedDescription
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty
            ? "/" : "/" + codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
    }
}

/// Files and folders the tool writes are readable by their owner only.
public enum OwnerOnly {
    /// Creates `url` (and missing parents) with mode 0700.
    public static func createDirectory(_ url: URL) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue { return }
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
    }

    /// Writes `data` to `url` atomically with mode 0600.
    public static func write(_ data: Data, to url: URL) throws {
        try createDirectory(url.deletingLastPathComponent())
        do {
            try StateStore.atomicWrite(data, to: url, keepBackup: false)
        } catch {
            throw error
        }
    }
}
