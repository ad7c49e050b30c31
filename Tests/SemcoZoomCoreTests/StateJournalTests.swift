import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

@Suite("State journal: write-ahead lines, replay, fold, refusal, linear cost")
struct StateJournalTests {
    let now = Date(timeIntervalSince1970: 1_807_000_000)

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    func size(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! NSNumber).intValue
    }

    /// A course with `count` registrants, as the executor records them.
    static func registrant(_ index: Int, course: Int) -> ManagedRegistrant {
        ManagedRegistrant(
            email: "person\(index)@kurs\(course).example", firstName: "Jörg \(index)", lastName: "Müller",
            registrantID: "reg-\(course)-\(index)", bookings: ["B\(course)-\(index)"], status: .registered,
            joinURL: "https://zoom.example/w/\(course)?tk=\(index)")
    }

    /// The executor's kinds of change: a new course, pending create, meeting recorded, registrants, ledger counts.
    func applyChanges(_ journal: StateJournal, courses: Int, registrantsPerCourse: Int) async throws {
        for course in 0..<courses {
            let number = CourseNumber("\(10_000 + course)")
            try await journal.update(course: number) { state in
                state[course: number] = ManagedCourse(number: number, host: "host\(course % 3)@semco.example")
            }
            try await journal.update(course: number) { state in
                state[course: number]?.meetingID = ZoomMeetingID(80_000_000_000 + course)
                state[course: number]?.joinURL = "https://zoom.example/j/\(course)"
                let host = "host\(course % 3)@semco.example"
                var ledger = state.dailyWrites ?? DailyWriteLedger(day: CalendarDay(year: 2027, month: 4, day: 6))
                ledger.perHost[host, default: 0] += 1
                state.dailyWrites = ledger
            }
            for index in 0..<registrantsPerCourse {
                let registrant = Self.registrant(index, course: course)
                try await journal.update(course: number) { state in
                    state[course: number]?.registrants[registrant.email] = registrant
                }
            }
        }
    }

    /// A state file of one course written the ordinary way (the journal continues files that exist).
    func seeded(_ dir: TemporaryDirectory, lineage: String = "lineage-a") throws -> StateStore {
        let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
        var state = SyncState(lineage: lineage)
        state[course: "1"] = ManagedCourse(number: "1", host: "h@semco.example", meetingID: 81_000_000_001)
        try store.save(state, now: now, expected: nil)
        return store
    }

    @Test(
        "each change is one fsync'd line in <state>.journal (0600); load replays it; the state file is left as it was")
    func replay() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try seeded(dir)
        let before = try Data(contentsOf: store.url)
        let journal = StateJournal(store: store, loaded: try store.load(), clock: FixedClock(now))
        try await applyChanges(journal, courses: 3, registrantsPerCourse: 4)
        let inMemory = await journal.state
        #expect(await journal.writes == 3 * 6)
        #expect(inMemory.serial == 1 + 3 * 6)
        #expect(try Data(contentsOf: store.url) == before)
        #expect(try mode(store.journalURL.path) == 0o600)
        let lines = try String(contentsOf: store.journalURL, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 + 3 * 6)
        // A registrant's line carries that registrant, not the course's other registrants.
        #expect(!lines.last!.contains("person0@"))
        #expect(lines.last!.contains("person3@kurs2.example"))

        let loaded = try store.load()
        #expect(loaded.journalFound)
        #expect(loaded.journalEntries == 18)
        #expect(loaded.state == inMemory)
        #expect(loaded.state[course: "10002"]?.registrants.count == 4)
        #expect(
            loaded.state.dailyWrites?.perHost == [
                "host0@semco.example": 1, "host1@semco.example": 1, "host2@semco.example": 1,
            ])
    }

    @Test("checkpoint folds the journal into the state file (serial of the last change, .bak kept) and removes it")
    func fold() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try seeded(dir)
        let journal = StateJournal(store: store, loaded: try store.load(), clock: FixedClock(now))
        try await applyChanges(journal, courses: 2, registrantsPerCourse: 3)
        try await journal.checkpoint()
        #expect(!FileManager.default.fileExists(atPath: store.journalURL.path))
        let loaded = try store.load()
        #expect(!loaded.journalFound)
        #expect(loaded.state == (await journal.state))
        #expect(loaded.state.serial == 1 + 2 * 5)
        #expect(try StateStore(url: store.backupURL).load().state.serial == 1)
        #expect(try mode(store.url.path) == 0o600)
        // The journal goes on after a fold.
        try await journal.update(course: "1") { $0[course: "1"]?.phase = .closed }
        #expect(try store.load().state[course: "1"]?.phase == .closed)
    }

    @Test("a torn last line (killed while writing) is ignored; a damaged earlier line is refused")
    func tornLastLine() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try seeded(dir)
        let journal = StateJournal(store: store, loaded: try store.load(), clock: FixedClock(now))
        try await applyChanges(journal, courses: 1, registrantsPerCourse: 2)
        let whole = try Data(contentsOf: store.journalURL)
        let expected = await journal.state

        let handle = try FileHandle(forWritingTo: store.journalURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"courses":{"10000":{"registrants":{"x@y.example":{"bookings":["B"#.utf8))
        try handle.close()
        let loaded = try store.load()
        #expect(loaded.state == expected)
        #expect(loaded.journalEntries == 4)

        // The same damage in the middle is not a torn write: refused, nothing guessed.
        var lines = whole.split(separator: UInt8(ascii: "\n")).map { Data($0) }
        lines[2] = Data(lines[2].prefix(lines[2].count / 2))
        try Data(lines.map { $0 + Data("\n".utf8) }.joined()).write(to: store.journalURL)
        #expect(throws: StateStoreError.self) { try store.load() }
        do {
            _ = try store.load()
        } catch {
            guard case .journalRefused(let path, let reason) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(path == store.journalURL.path)
            #expect(reason.contains("line 3"))
        }

        // A sync run that finds the good journal folds it first.
        try whole.write(to: store.journalURL)
        let reloaded = try store.load()
        let next = StateJournal(store: store, loaded: reloaded, clock: FixedClock(now))
        try await next.checkpoint()
        #expect(!FileManager.default.fileExists(atPath: store.journalURL.path))
        #expect(try store.load().state == expected)
    }

    @Test("a journal of another lineage (or one that skips serials) is refused and left untouched")
    func otherLineage() async throws {
        let dirA = try TemporaryDirectory()
        let dirB = try TemporaryDirectory()
        defer {
            dirA.remove()
            dirB.remove()
        }
        let storeA = try seeded(dirA, lineage: "lineage-a")
        let journal = StateJournal(store: storeA, loaded: try storeA.load(), clock: FixedClock(now))
        try await applyChanges(journal, courses: 1, registrantsPerCourse: 1)
        let storeB = try seeded(dirB, lineage: "lineage-b")
        let foreign = try Data(contentsOf: storeA.journalURL)
        try foreign.write(to: storeB.journalURL)
        do {
            _ = try storeB.load()
            Issue.record("a foreign journal was accepted")
        } catch {
            guard case .journalRefused(_, let reason) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(reason.contains("lineage-a"))
            #expect(error.message.de.contains("Änderungsjournal"))
        }
        #expect(try Data(contentsOf: storeB.journalURL) == foreign)

        // The state file restored from an older copy: the journal no longer continues it.
        try await journal.checkpoint()
        try await applyChanges(journal, courses: 1, registrantsPerCourse: 1)
        try FileManager.default.removeItem(at: storeA.url)
        try FileManager.default.copyItem(at: storeA.backupURL, to: storeA.url)
        #expect(throws: StateStoreError.self) { try storeA.load() }

        // A journal without its state file is refused too.
        try FileManager.default.removeItem(at: storeA.url)
        #expect(throws: StateStoreError.self) { try storeA.load() }
    }

    @Test("a fold interrupted after its rename: the journal's lines are already in the file and are skipped")
    func interruptedFold() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try seeded(dir)
        let journal = StateJournal(store: store, loaded: try store.load(), clock: FixedClock(now))
        try await applyChanges(journal, courses: 2, registrantsPerCourse: 2)
        let leftover = try Data(contentsOf: store.journalURL)
        try await journal.checkpoint()
        try leftover.write(to: store.journalURL)
        let loaded = try store.load()
        #expect(loaded.journalFound)
        #expect(loaded.journalEntries == 0)
        #expect(loaded.state == (await journal.state))
    }

    @Test("a run of N changes writes O(N) bytes: 4× the changes, about 4× the bytes (whole-file rewrites would be 16×)")
    func linearBytes() async throws {
        func run(courses: Int) async throws -> (bytes: Int, stateFiles: Int, finalSize: Int, writes: Int) {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
            // Fold as soon as the journal outgrows the state file: the folds are part of the cost.
            let journal = StateJournal(store: store, loaded: try store.load(), clock: FixedClock(now), foldThreshold: 0)
            // Small on purpose: every change is an fsync, and the suites run in parallel.
            try await applyChanges(journal, courses: courses, registrantsPerCourse: 10)
            try await journal.checkpoint()
            let stored = try store.load().state
            #expect(stored == (await journal.state))
            return (
                await journal.bytesWritten, await journal.stateFileWrites, try size(store.url), await journal.writes
            )
        }
        let small = try await run(courses: 3)
        let large = try await run(courses: 12)
        #expect(large.writes == 4 * small.writes)
        // What a rewrite per change would have written, at the least: the growing file each time.
        let quadraticFloor = large.finalSize * large.writes / 2
        #expect(large.bytes * 5 < quadraticFloor)
        let ratio = Double(large.bytes) / Double(small.bytes)
        #expect(ratio < 6, "4× the changes wrote \(ratio)× the bytes (\(small.bytes) → \(large.bytes))")
        #expect(large.bytes < 4 * large.finalSize + 400 * large.writes)
        // Folds double the file each time: a handful, not one per change.
        #expect(large.stateFiles < 16)
    }
}

extension StateJournalTests {
    @Test("a journal the run did not load is never truncated: the change is refused and the journal kept")
    func unknownJournalKept() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try seeded(dir)
        let loaded = try store.load()
        let stranger = Data("{\"base\":1,\"journal\":1,\"lineage\":\"lineage-a\"}\n".utf8)
        try stranger.write(to: store.journalURL)
        // As if loaded before the journal appeared.
        let journal = StateJournal(store: store, loaded: loaded, clock: FixedClock(now))
        await #expect(throws: StateStoreError.self) {
            try await journal.update(course: "1") { $0[course: "1"]?.phase = .closed }
        }
        #expect(try Data(contentsOf: store.journalURL) == stranger)
    }
}
