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

    @Test("Recurrence, approval, registration and licence map to and from Zoom's numbers; unknown ones survive")
    func enumMapping() {
        #expect(RecurrenceFrequency(zoomType: 2) == .weekly && RecurrenceFrequency(zoomType: 1) == .daily)
        #expect(RegistrationApproval(zoomType: 1) == .manual && RegistrationApproval(zoomType: 2) == .noRegistration)
        #expect(SeriesRegistration(zoomType: 1) == .onceForAllSessions)
        #expect(UserLicence(zoomType: 1) == .basic && UserLicence(zoomType: 2) == .licensed)
        for number in -1...5 {
            #expect(RecurrenceFrequency(zoomType: number).zoomType == number)
            #expect(RegistrationApproval(zoomType: number).zoomType == number)
            #expect(SeriesRegistration(zoomType: number).zoomType == number)
            #expect(UserLicence(zoomType: number).zoomType == number)
        }
        #expect(RegistrationApproval(zoomType: 7) == .other(zoomType: 7))
    }

    @Test("A meeting change is written with Zoom's numbers under the old keys, and read back")
    func codableKeepsTheNumbers() throws {
        let change = MeetingChange(
            kind: .other(zoomType: 3), recurrence: MeetingRecurrence(frequency: .monthly, endTimes: 2),
            settings: MeetingSettings(approval: .other(zoomType: 7), registration: .eachSession))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(change), as: UTF8.self)
        #expect(
            text
                == #"{"recurrence":{"endTimes":2,"type":3},"settings":{"approvalType":7,"registrationType":2},"type":3}"#
        )
        #expect(try JSONDecoder().decode(MeetingChange.self, from: Data(text.utf8)) == change)
    }
}
