import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `semco-zoom forget`, the effects: under the run lock, the state (with `.bak` and journal),
/// the kept run folders, and the exports archived in the drop directory (docs/privacy.md).
public struct ForgetRun: Sendable {
    public var email: String
    public var stateURL: URL
    /// The folder run folders are made in (`paths.out`, else `runs/` beside the state).
    public var runs: URL
    /// The drop directory (its `archive/`, `rejected/` and not yet read exports), if known.
    public var drop: URL?
    /// Delete the archived and rejected export files that hold the address.
    public var includeArchive: Bool
    public var clock: any WallClock

    public init(
        email: String, stateURL: URL, runs: URL, drop: URL?, includeArchive: Bool, clock: any WallClock
    ) {
        self.email = email
        self.stateURL = stateURL
        self.runs = runs
        self.drop = drop
        self.includeArchive = includeArchive
        self.clock = clock
    }

    public struct Result: Sendable {
        public var person: ForgottenPerson
        /// The state file was rewritten (twice, so that `.bak` holds no copy either).
        public var stateRewritten = false
        /// Run-folder files rewritten, relative to `runs`.
        public var rewritten: [String] = []
        /// Export files that hold the address: archived, rejected, or still in the drop directory.
        public var exports: [String] = []
        /// Of those, the ones deleted (`--include-archive`; never the drop's unread exports).
        public var deleted: [String] = []
        /// Files that still hold the address afterwards (nothing should): the command failed.
        public var remaining: [String] = []
        /// What went wrong on the way, per file.
        public var problems: [LocalizedText] = []
        public var finished: Bool { remaining.isEmpty && problems.isEmpty }
    }

    public enum Failure: Error, Sendable {
        case state(StateStoreError)
        case lock(RunLockError)
        public var message: LocalizedText {
            switch self {
            case .state(let error): return error.message
            case .lock(let error): return error.message
            }
        }
    }

    public func run() throws(Failure) -> Result {
        let store = StateStore(url: stateURL)
        let lock: RunLock
        do { lock = try RunLock.acquire(store.lockURL) } catch { throw .lock(error) }
        defer { lock.release() }

        var result = Result(person: ForgottenPerson(email: email))
        do { try forgetInState(store, &result) } catch { throw .state(error) }
        forgetInRuns(&result)
        handleExports(&result)
        verify(store, &result)
        return result
    }

    /// The state as loaded (journal replayed) without the person, written twice so that the
    /// previous version kept as `.bak` is clean too; then the folded journal goes.
    func forgetInState(_ store: StateStore, _ result: inout Result) throws(StateStoreError) {
        let loaded = try store.load()
        let (state, person) = PersonForget.forget(email, in: loaded.state)
        result.person = person
        guard loaded.existed else { return }
        let traces = [store.url, store.backupURL, store.journalURL].contains { url in
            (try? Data(contentsOf: url)).map { ForgetText.contains($0, address: email) } ?? false
        }
        guard state != loaded.state || traces || loaded.journalFound else { return }
        let now = clock.now()
        let (written, print) = try store.save(state, now: now, expected: loaded.fingerprint)
        try store.save(written, now: now, expected: print)
        result.stateRewritten = true
        // The journal's changes are in the file now (their serials are below the file's).
        if unlink(store.journalURL.path) != 0, errno != ENOENT {
            throw .writeFailed(path: store.journalURL.path, reason: String(cString: strerror(errno)))
        }
    }

    /// Every file of every kept run folder: reports are re-rendered without the person, every
    /// other file loses the lines that name them. Rewritten files are owner-only (0600).
    func forgetInRuns(_ result: inout Result) {
        for file in Self.files(under: runs) {
            let relative = String(file.path.dropFirst(runs.path.count + 1))
            guard let data = try? Data(contentsOf: file) else {
                result.problems.append(
                    LocalizedText(
                        de: "\(file.path): nicht lesbar, nicht geprüft.", en: "\(file.path): unreadable, not checked."))
                continue
            }
            do {
                if file.lastPathComponent == OutputWriter.reportJSON {
                    let report = try ReportDocument.makeDecoder().decode(ReportDocument.self, from: data)
                    let redacted = PersonForget.redact(report, person: result.person)
                    if redacted != report || ForgetText.contains(data, address: email) {
                        try OutputWriter.writeReport(redacted, to: file.deletingLastPathComponent())
                        result.rewritten.append(relative)
                    }
                    continue
                }
                if file.lastPathComponent == OutputWriter.reportHTML,
                    FileManager.default.fileExists(
                        atPath: file.deletingLastPathComponent().appendingPathComponent(OutputWriter.reportJSON).path)
                {
                    continue  // re-rendered with its report.json
                }
                let bookings = file.lastPathComponent == SemcoWriteBack.bookingsFile ? UInt8(ascii: ";") : nil
                var cleaned = PersonForget.withoutPerson(data, person: result.person, bookingDelimiter: bookings)
                if file.lastPathComponent == OutputWriter.apiCalls {
                    cleaned = PersonForget.withoutBookings(cleaned ?? data, person: result.person) ?? cleaned
                }
                if let cleaned {
                    try OwnerOnlyFiles.write(cleaned, to: file)
                    result.rewritten.append(relative)
                }
            } catch {
                result.problems.append(
                    LocalizedText(
                        de: "\(file.path): nicht neu geschrieben (\(error)).",
                        en: "\(file.path): not rewritten (\(error))."))
            }
        }
        result.rewritten.sort()
    }

    /// SEMCO's exports that hold the address: listed; archived and rejected ones deleted on request.
    func handleExports(_ result: inout Result) {
        guard let drop else { return }
        var files: [(URL, Bool)] = []
        for area in ["archive", "rejected"] {
            files += Self.files(under: drop.appendingPathComponent(area)).map { ($0, true) }
        }
        let unread = ((try? FileManager.default.contentsOfDirectory(atPath: drop.path)) ?? []).sorted()
            .map { drop.appendingPathComponent($0) }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        files += unread.map { ($0, false) }
        for (file, deletable) in files {
            guard let data = try? Data(contentsOf: file), ForgetText.contains(data, address: email) else { continue }
            let relative = String(file.path.dropFirst(drop.path.count + 1))
            result.exports.append(relative)
            guard includeArchive, deletable else { continue }
            do {
                try FileManager.default.removeItem(at: file)
                result.deleted.append(relative)
            } catch {
                result.problems.append(
                    LocalizedText(
                        de: "\(file.path): nicht gelöscht (\(error.localizedDescription)).",
                        en: "\(file.path): not deleted (\(error.localizedDescription))."))
            }
        }
    }

    /// The state file, its `.bak` and journal and every run folder file, searched for the address.
    func verify(_ store: StateStore, _ result: inout Result) {
        let files = [store.url, store.backupURL, store.journalURL] + Self.files(under: runs)
        for file in files {
            guard let data = try? Data(contentsOf: file), ForgetText.contains(data, address: email) else { continue }
            result.remaining.append(file.path)
        }
    }

    /// Regular files below `folder`, in path order (symbolic links are not followed).
    static func files(under folder: URL) -> [URL] {
        guard
            let walker = FileManager.default.enumerator(
                at: folder, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey])
        else { return [] }
        var result: [URL] = []
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            if values?.isRegularFile == true && values?.isSymbolicLink != true { result.append(url) }
        }
        return result.sorted { $0.path < $1.path }
    }
}
