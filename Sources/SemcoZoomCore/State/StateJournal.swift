import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The run's one copy of the state, made durable after every change: a crash or kill at any
/// moment loses nothing that Zoom already did. Serialises the writes of the concurrently
/// applied courses.
///
/// Each change is appended as one JSON line to the write-ahead journal `<state>.journal` and
/// fsync'd before `update` returns; the line holds only what the change touched (a registrant,
/// a course's fields, a ledger count), so a run of N changes writes O(N) bytes. The journal is
/// folded into the state file (atomic write, `.bak`, the serial of the last change) when it
/// outgrows the state file, at the end of the run (`checkpoint`) and when a sync run finds one
/// on load. `StateStore.load` replays it. See docs/state.md.
public actor StateJournal {
    public let store: StateStore
    private var current: SyncState
    private var fingerprint: StateStore.Fingerprint?
    private let clock: any WallClock
    /// Changes made durable by this journal.
    public private(set) var writes = 0
    /// Bytes this journal wrote: journal lines and state files.
    public private(set) var bytesWritten = 0
    /// State files written (the first write and every fold).
    public private(set) var stateFileWrites = 0
    /// Fold when the journal holds more than this many bytes and more than the state file.
    private let foldThreshold: Int
    /// A journal found on load that is not folded yet.
    private var journalPending: Bool
    private var journalFD: Int32 = -1
    private var journalBytes = 0
    private var stateFileBytes = 0
    private let encoder = JournalFile.encoder()

    public init(store: StateStore, loaded: LoadedState, clock: any WallClock, foldThreshold: Int = 4 << 20) {
        self.store = store
        self.current = loaded.state
        self.fingerprint = loaded.fingerprint
        self.clock = clock
        self.foldThreshold = max(0, foldThreshold)
        self.journalPending = loaded.journalFound
        self.stateFileBytes = Int(loaded.fingerprint?.size ?? 0)
    }

    deinit {
        if journalFD >= 0 { close(journalFD) }
    }

    public var state: SyncState { current }

    /// Applies `change` (to any part of the state) and makes it durable at once. On a write
    /// failure the change stays in memory only and the error tells the caller to stop changing
    /// Zoom. Compares every course to find what changed: for changes of one course, use
    /// `update(course:_:)`.
    public func update(_ change: @Sendable (inout SyncState) -> Void) throws(StateStoreError) {
        let before = current
        change(&current)
        var courses: [String: JournalEntry.CoursePatch] = [:]
        for key in Set(before.courses.keys).union(current.courses.keys) {
            if let patch = JournalFile.patch(before: before.courses[key], after: current.courses[key]) {
                courses[key] = patch
            }
        }
        let ledger = JournalFile.patch(before: before.dailyWrites, after: current.dailyWrites)
        try commit(
            JournalEntry(serial: current.serial + 1, at: nil, courses: courses.isEmpty ? nil : courses, ledger: ledger))
    }

    /// Applies `change`, which touches only the course `number` and the daily write ledger, and
    /// makes it durable at once (see `update(_:)`).
    public func update(course number: CourseNumber, _ change: @Sendable (inout SyncState) -> Void)
        throws(StateStoreError)
    {
        let key = number.rawValue
        let beforeCourse = current.courses[key]
        let beforeLedger = current.dailyWrites
        let count = current.courses.count
        change(&current)
        let afterCourse = current.courses[key]
        var courses: [String: JournalEntry.CoursePatch]?
        if let patch = JournalFile.patch(before: beforeCourse, after: afterCourse) { courses = [key: patch] }
        let ledger = JournalFile.patch(before: beforeLedger, after: current.dailyWrites)
        let expectedCount = count + (beforeCourse == nil ? 0 : -1) + (afterCourse == nil ? 0 : 1)
        precondition(current.courses.count == expectedCount, "StateJournal.update(course:) changed another course")
        try commit(JournalEntry(serial: current.serial + 1, at: nil, courses: courses, ledger: ledger))
    }

    public func read<T: Sendable>(_ body: @Sendable (SyncState) -> T) -> T { body(current) }

    /// Folds the journal into the state file and removes it (nothing to do without one). Call it
    /// at the end of a run, and before the first change when the load found a journal. A state
    /// file of an older format is written once in the current one (docs/state.md, "Migration"),
    /// so a night without changes migrates it too.
    /// - Returns: the state the file now holds: the run's final state, for the outputs.
    @discardableResult
    public func checkpoint() throws(StateStoreError) -> SyncState {
        let olderFormat = fingerprint != nil && current.format < SyncState.currentFormat
        guard
            olderFormat || journalFD >= 0 || journalPending
                || FileManager.default.fileExists(atPath: store.journalURL.path)
        else {
            return current
        }
        try fold()
        return current
    }

    /// Folds the journal and then writes the state file once more, so that the previous version
    /// kept as `<state>.bak` holds no more than the file itself (after personal data left the
    /// state: docs/privacy.md). Nothing to do when no state file was written yet.
    public func checkpointReplacingBackup() throws(StateStoreError) {
        try checkpoint()
        guard fingerprint != nil, FileManager.default.fileExists(atPath: store.url.path) else { return }
        try fold()
    }

    // MARK: - Writing

    private func commit(_ proposed: JournalEntry) throws(StateStoreError) {
        var entry = proposed
        let now = clock.now()
        entry.at = now
        // The first write creates the file; a journal always continues an existing state file.
        guard fingerprint != nil, FileManager.default.fileExists(atPath: store.url.path) || journalFD >= 0 else {
            let (written, print) = try store.save(current, now: now, expected: fingerprint)
            current = written
            fingerprint = print
            stateFileBytes = Int(print?.size ?? 0)
            bytesWritten += stateFileBytes
            stateFileWrites += 1
            writes += 1
            return
        }
        try store.verifyOnDisk(expected: fingerprint, lineage: current.lineage)
        if journalPending { try fold() }
        if journalFD < 0 { try startJournal() }
        var line: Data
        do {
            line = try encoder.encode(entry)
        } catch {
            throw .writeFailed(path: store.journalURL.path, reason: StateStore.reason(error))
        }
        line.append(UInt8(ascii: "\n"))
        try append(line)
        current.serial = entry.serial
        current.updatedAt = now
        writes += 1
        if journalBytes > max(foldThreshold, stateFileBytes) { try fold() }
    }

    /// Creates the journal (owner-only) with its header and makes its name durable.
    private func startJournal() throws(StateStoreError) {
        let path = store.journalURL.path
        // Never truncate a journal this run did not read: its changes would be lost.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw .journalRefused(
                    path: path, reason: "a journal appeared that this run did not read; load the state again")
            }
            throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
        journalFD = fd
        journalBytes = 0
        if fchmod(fd, 0o600) != 0 {
            closeJournal()
            throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
        var header: Data
        do {
            header = try encoder.encode(
                JournalHeader(journal: JournalHeader.currentFormat, lineage: current.lineage, base: current.serial))
        } catch {
            closeJournal()
            throw .writeFailed(path: path, reason: StateStore.reason(error))
        }
        header.append(UInt8(ascii: "\n"))
        do {
            try append(header)
        } catch {
            closeJournal()
            unlink(path)
            throw error
        }
        Self.syncDirectory(store.directory.path)
    }

    /// Appends `data` and fsyncs. On failure the file is cut back to its last whole line.
    private func append(_ data: Data) throws(StateStoreError) {
        let path = store.journalURL.path
        var failure: String?
        let code = POSIXWrite.all(journalFD, data)
        if code != 0 { failure = String(cString: strerror(code)) }
        if failure == nil, fsync(journalFD) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            if ftruncate(journalFD, off_t(journalBytes)) != 0 {
                // The torn line cannot be cut off: never append behind it.
                closeJournal()
            }
            throw .writeFailed(path: path, reason: failure)
        }
        journalBytes += data.count
        bytesWritten += data.count
    }

    /// Writes the state file with everything so far, then removes the journal.
    private func fold() throws(StateStoreError) {
        let (print, size) = try store.writeExact(current, expected: fingerprint)
        current.format = SyncState.currentFormat
        fingerprint = print
        stateFileBytes = size
        bytesWritten += size
        stateFileWrites += 1
        closeJournal()
        let path = store.journalURL.path
        if unlink(path) != 0, errno != ENOENT {
            throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
        Self.syncDirectory(store.directory.path)
        journalPending = false
    }

    private func closeJournal() {
        if journalFD >= 0 { close(journalFD) }
        journalFD = -1
        journalBytes = 0
    }

    private static func syncDirectory(_ path: String) {
        let dfd = open(path, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}
