import Foundation
import Testing

@testable import SemcoZoomCore

/// The state changes of a run are named pure functions on `SyncState` (issue 15, point 2).
@Suite struct ApplyStateChangesTests {
    static let day = CalendarDay(Date(timeIntervalSince1970: 1_800_000_000), in: TimeZone(identifier: "UTC")!)

    static func state(_ course: ManagedCourse) -> SyncState { SyncState(courses: [course.number.rawValue: course]) }

    @Test("a create records the meeting, what was sent, and one of the host's daily writes")
    func recordCreated() {
        var state = Self.state(ManagedCourse(number: "4711", host: "host@example.org"))
        state.recordCreateIntent(course: "4711", host: "Host@Example.org", marker: "[SEMCO 4711]", at: Date())
        #expect(state[course: "4711"]?.pendingCreate?.marker == "[SEMCO 4711]")
        let meeting = ZoomMeeting(id: 123, topic: "Kurs", kind: .meeting, joinURL: "https://zoom.example/j/123")
        let request = MeetingChange(topic: "Kurs", kind: .meeting)
        let spec = MeetingSpec(sent: request, merging: nil)
        state.recordCreated(
            course: "4711", meeting: meeting, spec: spec, request: request, alternativeHosts: .none,
            host: "host@example.org", day: Self.day)
        state.recordCreated(
            course: "4711", meeting: meeting, spec: spec, request: request, alternativeHosts: .none,
            host: "host@example.org", day: Self.day)
        let course = state[course: "4711"]
        #expect(course?.meetingID == 123)
        #expect(course?.pendingCreate == nil)
        #expect(course?.lastSent == spec)
        #expect(course?.joinURL == "https://zoom.example/j/123")
        #expect(state.dailyWrites?.perHost["host@example.org"] == 2)
    }

    @Test("forgetting a meeting forgets only the one Zoom deleted")
    func forgetMeeting() {
        var state = Self.state(ManagedCourse(number: "4711", host: "host@example.org", meetingID: 123))
        state.forgetMeeting(course: "4711", id: 999)
        #expect(state[course: "4711"]?.meetingID == 123)
        state.forgetMeeting(course: "4711", id: 123)
        #expect(state[course: "4711"]?.meetingID == nil)
    }

    @Test("a hand-over to the import file keeps every booking behind the address, and the names known")
    func handedToImport() {
        var state = Self.state(ManagedCourse(number: "4711", host: "host@example.org", meetingID: 123))
        state.recordCancelled(
            course: "4711", registrant: ZoomRegistrantReference(id: "r1", email: "Eva@example.org"), booking: "B2")
        state.recordHandedToImport(
            course: "4711", email: "Eva@example.org", firstName: "Eva", lastName: "Lang", bookings: ["B3", "B2"],
            registrantID: nil)
        let eva = state[course: "4711"]?.registrants["eva@example.org"]
        #expect(eva?.status == .handedToImport)
        #expect(eva?.bookings == ["B2", "B3"])
        #expect(eva?.registrantID == "r1")
        #expect(eva?.firstName == "Eva")
    }

    @Test("a planned update keeps an unchecked create's intent")
    func takePlannedKeepsTheIntent() {
        var managed = ManagedCourse(number: "4711", host: "host@example.org")
        managed.pendingCreate = PendingCreate(marker: "[SEMCO 4711]", host: "host@example.org", recordedAt: Date())
        var state = Self.state(managed)
        state.takePlanned(ManagedCourse(number: "4711", host: "host@example.org"), keepingPendingCreate: true)
        #expect(state[course: "4711"]?.pendingCreate != nil)
        state.takePlanned(ManagedCourse(number: "4711", host: "host@example.org"), keepingPendingCreate: false)
        #expect(state[course: "4711"]?.pendingCreate == nil)
    }
}
