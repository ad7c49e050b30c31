import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The state file's format 2 (docs/state.md): one document, one course per line, read and
/// written course by course through the model's own Codable; and the migration of format 1.
@Suite("State file format: round trips, one course per line, migration of format 1")
struct StateFileFormatTests {
    // MARK: - States with every field, optional and enum case

    static func date(_ text: String) -> Date {
        try! Date.ISO8601FormatStyle().parse(text)
    }

    static func spec(recurrence: MeetingRecurrence?, settings: MeetingSettings, topic: String) -> MeetingSpec {
        let day = CalendarDay(year: 2027, month: 1, day: 28)
        let sessions = [
            Session(
                day: day, from: LocalTime(hour: 8, minute: 30), to: LocalTime(hour: 12, minute: 0),
                start: date("2027-01-28T07:30:00Z"), end: date("2027-01-28T11:00:00Z")),
            Session(
                day: CalendarDay(year: 2028, month: 2, day: 29), from: LocalTime(hour: 0, minute: 0),
                to: LocalTime(hour: 23, minute: 59), start: date("2028-02-28T23:00:00Z"),
                end: date("2028-02-29T22:59:00Z")),
        ]
        return MeetingSpec(
            topic: topic, agenda: "[SEMCO 10001]\n\(topic)\r\n\t\"quoted\" \\ back/slash", kind: .meetingSeries,
            startTime: "2027-01-28T08:30:00", timezone: "Europe/Berlin", duration: 210, recurrence: recurrence,
            sessions: sessions, settings: settings)
    }

    static func registrants() -> [String: ManagedRegistrant] {
        [
            "jörg.müller@beispiel.example": ManagedRegistrant(
                email: "jörg.müller@beispiel.example", firstName: "Jörg", lastName: "Müller-Lüdenscheidt",
                registrantID: "r1",
                bookings: ["BN27-00012", "BN27-00013"], status: .registered, joinURL: "https://zoom.example/w/1?tk=a/b"),
            "emoji@example.org": ManagedRegistrant(
                email: "emoji@example.org", firstName: "Zoë 😀👩‍👩‍👧", lastName: "O'Brien \"Bob\" \\ \u{01}\u{1F}\u{7F}",
                bookings: [], status: .cancelled),
            "import@example.org": ManagedRegistrant(
                email: "import@example.org", firstName: "", lastName: "e\u{301} vs é, ß, ẞ, 日本語, \u{2028}\u{FEFF}",
                registrantID: nil, bookings: ["X"], status: .handedToImport, joinURL: nil),
        ]
    }

    static func states() -> [SyncState] {
        var states: [SyncState] = [
            SyncState(lineage: "empty"), SyncState(lineage: "", serial: -3, updatedAt: date("1970-01-01T00:00:00Z")),
        ]
        var full = SyncState(
            lineage: "8c1e3a52-4f0b-4a57-9f77-3f1b0c2a9d11", serial: 4_711, updatedAt: date("2027-04-06T08:26:40Z"),
            dailyWrites: DailyWriteLedger(
                day: CalendarDay(year: 2027, month: 4, day: 6),
                perHost: ["a@b.de": 99, "ö@ü.de": 0, "neg@x.de": -1]))
        full[course: "10001"] = ManagedCourse(
            number: "10001", phase: .active, host: "uwe.nguyen@akademie-nord.example", meetingID: 80_547_540_659,
            pendingCreate: nil,
            lastSent: spec(
                recurrence: MeetingRecurrence(
                    frequency: .weekly, repeatInterval: 1, weekdays: [.monday, .wednesday, .friday], endTimes: 9,
                    endDateTime: nil),
                settings: MeetingSettings(
                    approval: .manual, registration: .onceForAllSessions, registrantsEmailNotification: false,
                    registrantsConfirmationEmail: true),
                topic: "Zeitmanagement im Büro – Grundkurs"),
            joinURL: "http://127.0.0.1:36149/j/80547540659?pwd=i6R8",
            registrationURL: "https://zoom.example/meeting/register/x",
            registrants: registrants(), goneSince: nil,
            alternativeHosts: ["b.co@akademie-nord.example", "k.wolf@akademie-nord.example"])
        full[course: "10002"] = ManagedCourse(
            number: "10002", phase: .closed, host: "h@x.de", meetingID: Int64.max,
            pendingCreate: PendingCreate(
                marker: "[SEMCO 10002]", host: "h@x.de", recordedAt: date("2027-12-31T23:59:59Z")),
            lastSent: spec(
                recurrence: MeetingRecurrence(frequency: .daily, endDateTime: date("2099-06-30T12:00:00Z")),
                settings: MeetingSettings(), topic: "Kurs 😀 \u{1F1E9}\u{1F1EA}"),
            joinURL: nil, registrationURL: nil, registrants: [:], goneSince: date("2026-11-29T09:58:48Z"),
            closedAt: date("2027-01-02T03:04:05Z"))
        full[course: "10003"] = ManagedCourse(
            number: "10003", phase: .deleted, host: "", meetingID: nil,
            pendingCreate: PendingCreate(marker: "", host: "", recordedAt: date("2001-01-01T00:00:00Z")),
            lastSent: spec(recurrence: nil, settings: MeetingSettings(approval: .automatic), topic: ""),
            goneSince: nil, closedAt: date("1999-12-31T23:59:59Z"), alternativeHosts: [])
        full[course: "A-7 Kurs/ä"] = ManagedCourse(
            number: "A-7 Kurs/ä", host: "x@y.z", meetingID: -5, registrants: registrants())
        states.append(full)
        var noLedger = full
        noLedger.dailyWrites = DailyWriteLedger(day: CalendarDay(year: 9999, month: 12, day: 31))
        noLedger.updatedAt = nil
        states.append(noLedger)
        return states
    }

    /// The corners of the layout and of the values: odd keys, extreme numbers, dates outside 1600–9999
    /// (`.iso8601` does not give all of them back equal, so these are compared with JSONDecoder).
    static func oddStates() -> [SyncState] {
        var states: [SyncState] = []
        var odd = SyncState(
            lineage: "odd \u{0}\u{7F}/\\\"\u{1B}\u{08}\u{0C}", serial: Int.min,
            updatedAt: Date(timeIntervalSince1970: 1_807_000_000.999_9),
            dailyWrites: DailyWriteLedger(day: CalendarDay(year: 12_345, month: 0, day: 123), perHost: [:]))
        let keys = [
            "Z", "a", "ä", "10", "9", "é", "e", "é\u{301}", "e\u{301}x", "f", "", " ", "~", "\u{1F600}", "ÿ", "A",
        ]
        for (index, key) in keys.enumerated() {
            var course = ManagedCourse(
                number: CourseNumber(key), phase: .closed, host: key, meetingID: Int64.min + Int64(index),
                registrants: Dictionary(
                    uniqueKeysWithValues: keys.map {
                        (
                            $0,
                            ManagedRegistrant(
                                email: $0, firstName: key, lastName: "", bookings: [], status: .registered)
                        )
                    }),
                goneSince: Date(timeIntervalSince1970: -1_000_000_000.5 + Double(index)),
                closedAt: index.isMultiple(of: 2) ? Date(timeIntervalSince1970: 1_800_000_000.25 - Double(index)) : nil)
            course.pendingCreate = PendingCreate(marker: key, host: key, recordedAt: Date(timeIntervalSince1970: 0.25))
            course.lastSent = MeetingSpec(
                topic: key, agenda: key, kind: .other(zoomType: -1), startTime: "", timezone: "", duration: Int.max,
                recurrence: MeetingRecurrence(
                    frequency: .other(zoomType: 0), repeatInterval: -1, weekdays: [], endTimes: 0,
                    endDateTime: Date(
                        timeIntervalSince1970: [
                            -15_000_000_000, 300_000_000_000, -11_676_096_001,
                            253_402_300_799.9,
                        ][index % 4])),
                sessions: [
                    Session(
                        day: CalendarDay(year: 1, month: 1, day: 1),
                        from: LocalTime(minutes: [0, 6_000, -5, 1_439][index % 4]),
                        to: LocalTime(minutes: 59), start: Date(timeIntervalSince1970: -11_676_096_000),
                        end: Date(timeIntervalSince1970: 253_402_300_799))
                ],
                settings: MeetingSettings(
                    approval: nil, registration: .onceChoosingSessions, registrantsEmailNotification: true,
                    registrantsConfirmationEmail: nil))
            odd[course: CourseNumber(key)] = course
        }
        states.append(odd)
        var empty = odd
        empty.courses = empty.courses.mapValues {
            var course = $0
            course.lastSent?.sessions = []
            course.lastSent?.settings = MeetingSettings()
            course.lastSent?.recurrence = MeetingRecurrence(frequency: .daily)
            return course
        }
        states.append(empty)
        return states
    }

    // MARK: - Helpers

    /// `state` as it reads back: the format is always the current one after a write.
    static func written(_ state: SyncState) -> SyncState {
        var state = state
        state.format = SyncState.currentFormat
        return state
    }

    /// Writes `state` with the store (atomic, owner-only) and returns the file's URL.
    static func write(_ state: SyncState, in dir: TemporaryDirectory, name: String = "state.json") throws -> URL {
        let url = dir.url.appendingPathComponent(name)
        try StateStore(url: url).writeExact(state, expected: nil)
        return url
    }

    /// The file decoded whole by JSONDecoder: the reference the line reader must agree with.
    static func whole(_ data: Data) -> SyncState? { try? StateStore.decoder().decode(SyncState.self, from: data) }

    // MARK: - Round trips and layout

    @Test("every field, optional and enum case: written and read back equal, and equal to JSONDecoder whole")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (index, state) in Self.states().enumerated() {
            let url = try Self.write(state, in: dir, name: "s\(index).json")
            let data = try Data(contentsOf: url)
            #expect(try StateStore(url: url).load().state == Self.written(state))
            #expect(Self.whole(data) == Self.written(state))
            #expect(data == StateFile.data(state), "written the same way every time")
        }
    }

    @Test("odd keys, extreme numbers, far dates: the line reader gives what JSONDecoder gives for the whole file")
    func oddValues() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let states =
            Self.oddStates()
            + Self.oddStates().map {
                var state = $0
                state.dailyWrites = nil
                return state
            }
        for (index, state) in states.enumerated() {
            let url = try Self.write(state, in: dir, name: "o\(index).json")
            let data = try Data(contentsOf: url)
            // Both read it, or neither (a five-digit year is no `CalendarDay` either way).
            let read = try? StateStore(url: url).load().state
            #expect(read == Self.whole(data))
            if let read {
                #expect(read.courses.keys.sorted() == state.courses.keys.sorted())
                #expect(read.serial == state.serial && read.lineage == state.lineage)
            }
        }
    }

    @Test("one JSON document (jq, JSONSerialization) with the top-level fields on line 1 and one course per line")
    func layout() throws {
        let state = Self.states()[2]
        let data = StateFile.data(state)
        #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(lines.count == state.courses.count + 3)
        #expect(lines[0].hasPrefix("{\"dailyWrites\":{\"day\":\"2027-04-06\",") && lines[0].hasSuffix(",\"courses\":["))
        #expect(
            lines[0].contains(",\"format\":2,\"lineage\":\"8c1e3a52-4f0b-4a57-9f77-3f1b0c2a9d11\",\"serial\":4711,"))
        let numbers = state.courses.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (index, number) in numbers.enumerated() {
            let line = lines[1 + index]
            #expect(line.hasSuffix(index == numbers.count - 1 ? "}" : "},"))
            let course = try StateStore.decoder().decode(
                ManagedCourse.self, from: Data(line.utf8.dropLast(index == numbers.count - 1 ? 0 : 1)))
            #expect(course == state.courses[number])
        }
        #expect(lines[lines.count - 2] == "]}" && lines[lines.count - 1].isEmpty)
        #expect(
            String(decoding: StateFile.data(SyncState(lineage: "e", serial: 1)), as: UTF8.self)
                == "{\"format\":2,\"lineage\":\"e\",\"serial\":1,\"courses\":[\n]}\n")
    }

    @Test("a format-2 file laid out differently (pretty, one line, CRLF) is read whole by JSONDecoder, equal")
    func otherLayouts() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = Self.written(Self.states()[2])
        let data = StateFile.data(state)
        let compact = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: data))
        let crlf = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        for variant in [try StateStore.encoder().encode(state), compact, crlf, data.dropLast()] {
            let url = try dir.write("v.json", String(decoding: variant, as: UTF8.self))
            #expect(try StateStore(url: url).load().state == state)
        }
    }

    @Test("files of many MiB and a course line longer than the reader's 1 MiB piece read back equal")
    func largeFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var state = Self.states()[2]
        let people = Self.registrants().values.sorted { $0.email < $1.email }
        for course in 0..<300 {
            var managed = state[course: "10001"]!
            managed.number = CourseNumber("\(20_000 + course)")
            for index in 0..<(course == 7 ? 9_000 : 40) {
                var person = people[index % people.count]
                person.email = "p\(index)-\(person.email)"
                managed.registrants[person.email] = person
            }
            state[course: managed.number] = managed
        }
        let url = try Self.write(state, in: dir)
        #expect(try Data(contentsOf: url).count > 3 << 20)
        #expect(try StateStore(url: url).load().state == Self.written(state))
    }

    // MARK: - Migration of format 1

    /// A state file of format 1 as `sync` wrote it before format 2 (the samples' drop over three
    /// nights with `alternative_hosts: trainers`: a cancelled course, a cancelled booking), kept
    /// as written by the format-1 writer.
    static let formatOne = RepositoryFiles.root.appendingPathComponent("Tests/Fixtures/state/format1-sample-night.json")

    @Test("a format-1 file is read as it is and migrated on the first write: what is written reads back equal")
    func migration() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let original = try Data(contentsOf: Self.formatOne)
        let url = try dir.write("state.json", String(decoding: original, as: UTF8.self))
        let store = StateStore(url: url)
        let loaded = try store.load()
        let read = loaded.state
        #expect(read.format == 1)
        #expect(read.courses.count == 6)
        #expect(read.courses.values.filter { $0.phase == .deleted }.count == 1)
        #expect(read.courses.values.contains { $0.closedAt != nil && $0.alternativeHosts != nil })
        #expect(read.courses.values.flatMap(\.registrants.values).filter { $0.status == .cancelled }.count == 1)
        #expect(read.courses.values.flatMap(\.registrants.values).filter { $0.status == .registered }.count == 9)
        #expect(read.dailyWrites != nil && read.courses.values.contains { $0.lastSent?.recurrence != nil })
        // Every course under its own number, every value as JSONSerialization sees the old file.
        let object = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
        let courses = try #require(object["courses"] as? [String: [String: Any]])
        #expect(Set(courses.keys) == Set(read.courses.keys))
        for (number, course) in courses {
            #expect(course["number"] as? String == number)
            #expect((course["registrants"] as? [String: Any])?.count == read.courses[number]?.registrants.count)
        }
        #expect(object["serial"] as? Int == read.serial && object["lineage"] as? String == read.lineage)

        let now = Date(timeIntervalSince1970: 1_807_000_000)
        let (saved, _) = try store.save(read, now: now, expected: loaded.fingerprint)
        var expected = read
        expected.format = 2
        expected.serial += 1
        expected.updatedAt = now
        #expect(saved == expected)
        #expect(try store.load().state == expected)
        #expect(try String(contentsOf: url, encoding: .utf8).hasPrefix("{\"dailyWrites\":"))
        // The format-1 file is kept byte for byte as the backup.
        #expect(try Data(contentsOf: store.backupURL) == original)
    }

    @Test("a sync's checkpoint migrates a format-1 file even without a change: same state, same serial")
    func migrationWithoutChange() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write("state.json", try String(contentsOf: Self.formatOne, encoding: .utf8))
        let store = StateStore(url: url)
        let loaded = try store.load()
        let journal = StateJournal(store: store, loaded: loaded, clock: FixedClock(Date(timeIntervalSince1970: 0)))
        try await journal.checkpoint()
        #expect(try store.load().state == Self.written(loaded.state))
        #expect(try String(contentsOf: url, encoding: .utf8).hasPrefix("{\"dailyWrites\":"))
        // Once migrated, a checkpoint without changes writes nothing.
        let print = StateStore.fingerprint(of: url.path)
        let again = StateJournal(store: store, loaded: try store.load(), clock: FixedClock(Date()))
        try await again.checkpoint()
        #expect(StateStore.fingerprint(of: url.path) == print)
    }

    @Test("format 1 whose course sits under another key is read under its number; a number twice is refused")
    func formatOneKeys() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let course = #"{"host":"h","number":"7","phase":"active","registrants":{}}"#
        let url = try dir.write("a.json", #"{"format":1,"lineage":"l","serial":1,"courses":{"x":\#(course)}}"#)
        #expect(try StateStore(url: url).load().state.courses.keys.sorted() == ["7"])
        let twice = try dir.write(
            "b.json", #"{"format":1,"lineage":"l","serial":1,"courses":{"x":\#(course),"y":\#(course)}}"#)
        #expect {
            try StateStore(url: twice).load()
        } throws: { error in
            guard case .malformed(let path, let reason) = error as? StateStoreError else { return false }
            return path == twice.path && reason.contains("course 7 appears twice")
        }
    }
}
