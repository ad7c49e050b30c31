import Foundation
import Testing

@testable import SemcoZoomCore

/// Zoom's type numbers are mapped to `MeetingKind` in one place (issue 15, point 2).
@Suite struct PlanMeetingKindTests {
    @Test("Zoom's meeting and webinar types map to the kinds an admin names, and back")
    func mapping() {
        #expect(MeetingKind(zoomType: 2) == .meeting)
        #expect(MeetingKind(zoomType: 8) == .meetingSeries)
        #expect(MeetingKind(zoomType: 5) == .webinar)
        #expect(MeetingKind(zoomType: 9) == .webinarSeries)
        #expect(MeetingKind(zoomType: 3) == .other(zoomType: 3))
        for type in [1, 2, 3, 4, 5, 6, 8, 9] { #expect(MeetingKind(zoomType: type).zoomType == type) }
        #expect(MeetingKind.meetingSeries.isSeries && MeetingKind.webinarSeries.isSeries)
        #expect(!MeetingKind.meeting.isSeries && !MeetingKind.other(zoomType: 3).isSeries)
        #expect(MeetingKind.webinar.isWebinar && !MeetingKind.meetingSeries.isWebinar)
        #expect(MeetingKind.meeting.takesBatchRegistration && MeetingKind.webinar.takesBatchRegistration)
        #expect(!MeetingKind.meetingSeries.takesBatchRegistration)
    }
}
