import Foundation
import Testing

@testable import SemcoZoomCore

/// The planner's state changes of a course are named pure functions (issue 15, point 2).
@Suite struct PlanCourseStateChangesTests {
    static let meeting = ZoomMeeting(id: 123, topic: "Kurs", kind: .meeting, joinURL: "https://zoom.example/j/123")

    @Test("taking in what Zoom holds: links, current bookings, a person Zoom holds already; lastSent only in step")
    func takingIn() {
        var managed = ManagedCourse(number: "4711", host: "host@example.org", meetingID: 123)
        managed.goneSince = Date(timeIntervalSince1970: 0)
        let eva = ManagedRegistrant(
            email: "eva@example.org", firstName: "Eva", lastName: "Lang", registrantID: "r1", bookings: ["B1"],
            status: .registered)
        let wanted = [
            DesiredRegistrant(email: "eva@example.org", firstName: "Eva", lastName: "Lang", org: nil, bookings: ["B2"]),
            DesiredRegistrant(email: "jo@example.org", firstName: "Jo", lastName: "Berg", org: nil, bookings: ["B3"]),
        ]
        let listed = ZoomRegistrant(
            id: "r2", email: "jo@example.org", firstName: "Jo", lastName: "Berg", status: .pending)
        let spec = MeetingSpec(sent: MeetingChange(topic: "Kurs", kind: .meeting), merging: nil)
        let course = managed.takingIn(
            Self.meeting, healed: ["eva@example.org": eva], inZoom: ["jo@example.org": listed], desired: wanted,
            inStep: nil)
        #expect(course.goneSince == nil)
        #expect(course.joinURL == "https://zoom.example/j/123")
        #expect(course.lastSent == nil)
        #expect(course.registrants["eva@example.org"]?.bookings == ["B2"])
        #expect(course.registrants["jo@example.org"]?.status == .pending)
        #expect(course.registrants["jo@example.org"]?.registrantID == "r2")
        let inStep = managed.takingIn(Self.meeting, healed: [:], inZoom: [:], desired: [], inStep: spec)
        #expect(inStep.lastSent == spec)
    }

    @Test("a course cancelled in SEMCO whose meeting Zoom deleted already is recorded as deleted")
    func deleted() {
        var managed = ManagedCourse(number: "4711", host: "host@example.org", meetingID: 123)
        managed.pendingCreate = PendingCreate(marker: "[SEMCO 4711]", host: "host@example.org", recordedAt: Date())
        let course = managed.deletedInZoom()
        #expect(course.phase == .deleted && course.meetingID == nil && course.pendingCreate == nil)
        #expect(managed.deletedBeforeCreate().meetingID == 123)
        #expect(managed.gone(since: Date(timeIntervalSince1970: 5)).goneSince == Date(timeIntervalSince1970: 5))
    }
}
