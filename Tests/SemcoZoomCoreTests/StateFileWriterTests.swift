import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The hand-written state file writer (`StateFileWriter`) against JSONEncoder: byte for byte the
/// same file as `StateStore.encoder()` writes.
@Suite("State file writer: byte-identical to JSONEncoder")
struct StateFileWriterTests {
    static func jsonEncoder(_ state: SyncState) -> [UInt8] { [UInt8](try! StateStore.encoder().encode(state)) }

    /// Everything the reader tests use, plus the corners of the layout and of the values.
    static func states() -> [SyncState] {
        var states = StateFileReaderTests.states()
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
                topic: key, agenda: key, type: -1, startTime: "", timezone: "", duration: Int.max,
                recurrence: ZoomRecurrence(
                    type: 0, repeatInterval: -1, weeklyDays: "", endTimes: 0,
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
                settings: ZoomMeetingSettings(
                    approvalType: nil, registrationType: 3, registrantsEmailNotification: true,
                    registrantsConfirmationEmail: nil))
            odd[course: CourseNumber(key)] = course
        }
        states.append(odd)
        var empty = odd
        empty.courses = empty.courses.mapValues {
            var course = $0
            course.lastSent?.sessions = []
            course.lastSent?.settings = ZoomMeetingSettings()
            course.lastSent?.recurrence = ZoomRecurrence(type: 1)
            return course
        }
        states.append(empty)
        return states
    }

    @Test(
        "every field, optional and enum case, escapes, key order, empty containers and odd dates: the encoder's bytes")
    func sameBytes() {
        for state in Self.states() {
            let mine = StateFileWriter.data(state)
            let theirs = Self.jsonEncoder(state)
            #expect(mine == theirs)
            if mine != theirs {
                Issue.record("first difference: \(Self.difference(mine, theirs))")
            }
        }
    }

    /// Where two outputs first differ, with some text around it.
    static func difference(_ a: [UInt8], _ b: [UInt8]) -> String {
        let common = min(a.count, b.count)
        var at = 0
        while at < common, a[at] == b[at] { at += 1 }
        let from = max(0, at - 80)
        let mine = String(decoding: a[from..<min(a.count, at + 80)], as: UTF8.self)
        let theirs = String(decoding: b[from..<min(b.count, at + 80)], as: UTF8.self)
        return "byte \(at): mine \(mine) | JSONEncoder \(theirs)"
    }

    @Test(
        "save writes the encoder's bytes into the file and reports their number; the file reads back as JSONEncoder's would"
    )
    func save() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
        var expected: StateStore.Fingerprint?
        for state in Self.states() {
            let (print, count) = try store.writeExact(state, expected: expected)
            expected = print
            let onDisk = try Data(contentsOf: store.url)
            #expect([UInt8](onDisk) == Self.jsonEncoder(state))
            #expect(count == onDisk.count)
            // (The odd states hold times no reader takes; the file is as unreadable as JSONEncoder's.)
            #expect((try? store.load().state) == StateFileReaderTests.foundation(onDisk))
        }
    }

    @Test(
        "a real state file (STATE_READER_FILE) is written again byte for byte",
        .enabled(if: ProcessInfo.processInfo.environment["STATE_READER_FILE"] != nil))
    func realFile() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: ProcessInfo.processInfo.environment["STATE_READER_FILE"]!))
        let state = try #require(StateFileReader.read(data))
        let mine = StateFileWriter.data(state)
        #expect(mine == [UInt8](data))
        #expect(mine == Self.jsonEncoder(state))
    }
}
