import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The state forgets closed courses after `retention.state_days` (docs/privacy.md).
@Suite("State retention")
struct StateRetentionTests {
    static let day: TimeInterval = 86_400
    static let start = ISO8601DateFormatter().date(from: "2027-01-04T21:30:00Z")!

    static func registrants(_ course: Int) -> [String: ManagedRegistrant] {
        Dictionary(
            uniqueKeysWithValues: (1...3).map { i in
                let email = "p\(i).c\(course)@example.org"
                return (
                    email,
                    ManagedRegistrant(
                        email: email, firstName: "Vor\(i)", lastName: "Nach\(course)", registrantID: "r\(i)",
                        bookings: ["B\(course)-\(i)"], status: .registered,
                        joinURL: "https://zoom.example/w/\(course)?tk=\(i)")
                )
            })
    }

    static func course(_ number: Int, phase: ManagedCourse.Phase) -> ManagedCourse {
        ManagedCourse(
            number: CourseNumber(String(number)), phase: phase, host: "host\(number)@example.org",
            meetingID: phase == .deleted ? nil : Int64(80_000_000_000 + number),
            lastSent: MeetingSpec(
                topic: "Kurs \(number)", agenda: "[SEMCO \(number)]", kind: .meeting, startTime: "2027-01-10T10:00:00",
                timezone: "Europe/Berlin", duration: 60, recurrence: nil, sessions: [],
                settings: MeetingSettings()),
            joinURL: "https://zoom.example/j/\(number)", registrationURL: "https://zoom.example/r/\(number)",
            registrants: registrants(number))
    }

    @Test("closed courses get closedAt once, lose their people after state_days, cancelled ones leave; active stay")
    func pruneRules() {
        var state = SyncState(lineage: "l")
        state[course: "1"] = Self.course(1, phase: .active)
        state[course: "2"] = Self.course(2, phase: .closed)
        state[course: "3"] = Self.course(3, phase: .deleted)
        var reopened = Self.course(4, phase: .active)
        reopened.closedAt = Self.start
        state[course: "4"] = reopened

        let (stamped, first) = StateRetention.prune(state, now: Self.start, keepDays: 90)
        #expect(first.stamped == ["2", "3", "4"])
        #expect(!first.forgotSomething)
        #expect(stamped[course: "2"]?.closedAt == Self.start)
        #expect(stamped[course: "4"]?.closedAt == nil)
        #expect(stamped[course: "2"]?.registrants.count == 3)

        // Day 90 exactly: still kept. Later: forgotten.
        let (same, none) = StateRetention.prune(stamped, now: Self.start + 90 * Self.day, keepDays: 90)
        #expect(none.isEmpty && same == stamped)
        let (pruned, later) = StateRetention.prune(stamped, now: Self.start + 90 * Self.day + 1, keepDays: 90)
        #expect(later.reduced == ["2"] && later.removed == ["3"])
        #expect(pruned[course: "3"] == nil)
        let stub = pruned[course: "2"]
        #expect(stub?.registrants.isEmpty == true && stub?.host == "" && stub?.lastSent == nil)
        #expect(stub?.meetingID == 80_000_000_002 && stub?.phase == .closed && stub?.closedAt == Self.start)
        #expect(stub?.joinURL == "https://zoom.example/j/2")
        #expect(pruned[course: "1"] == state[course: "1"])
        // Pruning again changes nothing; `forever` never forgets.
        #expect(StateRetention.prune(pruned, now: Self.start + 900 * Self.day, keepDays: 90).pruned.isEmpty)
        #expect(
            !StateRetention.prune(stamped, now: Self.start + 9_000 * Self.day, keepDays: nil).pruned.forgotSomething)
    }

    @Test("through the journal: the state file, its .bak and the journal hold no forgotten address afterwards")
    func throughTheJournal() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
        var state = SyncState(lineage: "l")
        state[course: "2"] = Self.course(2, phase: .closed)
        state[course: "1"] = Self.course(1, phase: .active)
        state[course: "2"]?.closedAt = Self.start
        try store.save(state, now: Self.start, expected: nil)
        // A second write: the .bak holds the closed course's people too.
        let loaded = try store.load()
        try store.save(loaded.state, now: Self.start, expected: loaded.fingerprint)

        let clock = ManualClock(Self.start + 91 * Self.day)
        let journal = StateJournal(store: store, loaded: try store.load(), clock: clock)
        let now = clock.now()
        let pruned = await journal.read { StateRetention.prune($0, now: now, keepDays: 90).state }
        try await journal.update { $0 = pruned }
        try await journal.checkpointReplacingBackup()

        for url in [store.url, store.backupURL] {
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(!text.contains("c2@example.org") && !text.contains("Nach2") && !text.contains("host2@"))
            #expect(text.contains("p1.c1@example.org"))
        }
        #expect(!FileManager.default.fileExists(atPath: store.journalURL.path))
        let reread = try store.load().state
        #expect(reread[course: "2"]?.registrants.isEmpty == true)
        #expect(reread[course: "2"]?.closedAt == Self.start)
        #expect(reread == (try StateFile.read(path: store.url.path)))
    }
}
