import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// Issue 16, points 2–5, in the pure core: triggers, moderator changes, capacity, room names.
@Suite struct CustomerSettingsTests {
    let snapshot = Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings())

    func validate(_ snapshot: Snapshot, _ configuration: Configuration = Configuration()) -> [Diagnostic] {
        Validator.validate(snapshot, configuration: configuration, today: Fx.today)
    }

    // MARK: Triggers

    @Test func anUntriggeredCourseIsSilentUntilItIsManaged() {
        var course = Fx.course(host: nil, syncRequested: false)
        course.moderatorRole = nil
        let quiet = Snapshot(courses: [course], bookings: Fx.guideBookings())
        let validation = validate(quiet)
        #expect(validation.contains { $0.code == "course.no-moderator" && $0.severity == .error })
        let desired = Fx.build(quiet, diagnostics: validation)
        #expect(desired.untriggered == ["10062"])
        #expect(desired.reportable(validation).isEmpty)
        // --course triggers it: its errors are reported and block it.
        let asked = Fx.build(quiet, diagnostics: validation, courses: ["10062"])
        #expect(asked.untriggered.isEmpty)
        #expect(asked.reportable(validation) == validation)
        #expect(Fx.intent(asked, "10062") == .blocked)
    }

    @Test func validateMarksAnUntriggeredCoursesErrorsAsBlockingTheFirstSync() {
        var configuration = Configuration()
        configuration.autoSync = false
        var course = Fx.course()
        course.moderatorRole = nil
        let untriggered = Snapshot(courses: [course], bookings: Fx.guideBookings())
        let marked = Validator.markUntriggered(
            validate(untriggered, configuration), snapshot: untriggered, configuration: configuration)
        let noModerator = marked.first { $0.code == "course.no-moderator" }
        #expect(noModerator?.severity == .warning)
        #expect(noModerator?.message.de.contains("blockiert die erste Synchronisation") == true)
        #expect(noModerator?.message.en.contains("will block the first sync") == true)
        // auto_sync on (no column): nothing is marked.
        let triggered = validate(untriggered)
        #expect(
            Validator.markUntriggered(triggered, snapshot: untriggered, configuration: Configuration()) == triggered)
    }

    // MARK: Moderator changes

    @Test func aSyncedCourseKeepsItsHostWhenTheExportLosesTheModerator() {
        let synced = Synced(snapshot)
        var lost = snapshot
        lost.courses[0].supervisor?.zoomUser = nil
        lost.bookings.append(Fx.booking("BN27-00999", email: "neu@example.org"))
        let validation = validate(lost)
        #expect(validation.contains { $0.code == "course.moderator-no-zoom-user" })
        let desired = Fx.build(lost, diagnostics: validation, state: synced.state)
        guard case .sync(_, let host, let registrants, _) = Fx.intent(desired, "10062") else {
            Issue.record("course not synced: \(String(describing: Fx.intent(desired, "10062")))")
            return
        }
        #expect(host == Fx.supervisorHost)
        #expect(registrants.contains { $0.email == "neu@example.org" })
        #expect(desired.reportable(validation).allSatisfy { !$0.code.hasPrefix("course.moderator") })
        let warnings = desired.diagnostics.filter { $0.code == "plan.host-changed" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.de.contains(Fx.supervisorHost) == true)
        #expect(warnings.first?.message.de.contains("Alexei Daiter (ohne gültigen Zoom Benutzernamen)") == true)
    }

    @Test func aHostChangedInZoomIsTakenIntoTheStateOnceAndSilencesTheModeratorWarning() {
        var synced = Synced(snapshot)
        let id = synced.meetingID
        synced.zoom.meetings[id]!.host = "neuer.host@semcosoft.com"
        let (desired, plan) = synced.next()
        let update = plan.stateUpdates["10062"]
        #expect(update?.host == "neuer.host@semcosoft.com")
        #expect(update?.hostChangedInZoom == Fx.now)
        #expect(plan.diagnostics.filter { $0.code == "plan.host-changed-in-zoom" }.count == 1)
        #expect(plan.actions.isEmpty)
        synced.apply(desired, plan)
        let (again, second) = synced.next()
        #expect(!second.diagnostics.contains { $0.code == "plan.host-changed-in-zoom" })
        #expect(!again.diagnostics.contains { $0.code == "plan.host-changed" })
        #expect(again.courses.first?.host == "neuer.host@semcosoft.com")
    }

    @Test func theStateFileKeepsHostChangedInZoom() throws {
        var state = SyncState(lineage: "t")
        state[course: "10062"] = ManagedCourse(
            number: "10062", host: "a@b.de", meetingID: 1, hostChangedInZoom: Fx.now)
        let dir = try TemporaryDirectory()
        let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
        try store.writeExact(state, expected: nil)
        let back = try store.load().state
        #expect(back[course: "10062"]?.hostChangedInZoom == Fx.now)
    }

    // MARK: Capacity

    @Test func maxParticipantsAboveTheLicenceAndBookingsAboveEitherAreWarned() {
        var course = Fx.course()
        course.maxParticipants = 150
        let codes = validate(Snapshot(courses: [course], bookings: Fx.guideBookings())).map(\.code)
        #expect(codes.contains("course.max-participants-over-licence"))
        var business = Configuration()
        business.licence = .business
        #expect(
            !validate(Snapshot(courses: [course], bookings: Fx.guideBookings()), business).map(\.code).contains(
                "course.max-participants-over-licence"))
        course.maxParticipants = 2
        let over = validate(Snapshot(courses: [course], bookings: Fx.guideBookings()))
        #expect(over.filter { $0.code == "course.over-capacity" }.count == 1)
        #expect(over.allSatisfy { $0.severity != .error })
    }

    // MARK: Room names

    @Test func zoomRoomTakesOneNameOrAListAndTheHintNamesTheValue() throws {
        let one = try ConfigurationLoader.parse("zoom_room: Webinar\n", file: "c.yaml")
        #expect(one.zoomRooms == ["Webinar"])
        let list = try ConfigurationLoader.parse("zoom_room: [Zoom Meeting Room, Webinar]\n", file: "c.yaml")
        #expect(list.zoomRooms == ["Zoom Meeting Room", "Webinar"])
        #expect(list.isZoomRoom(" webinar ") && list.isZoomRoom("ZOOM MEETING ROOM") && !list.isZoomRoom("Bremen"))
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.parse("zoom_room: []\n", file: "c.yaml") }

        let webinar = Snapshot(
            courses: [Fx.course(venue: "Webinar"), Fx.course("10006", venue: "Bremen")], bookings: [])
        let hint = try #require(Validator.roomHint(webinar, configuration: Configuration()))
        #expect(hint.code == "config.zoom-room-unmatched")
        #expect(hint.hint?.de.contains("zoom_room: \"Webinar\"") == true)
        #expect(Validator.roomHint(webinar, configuration: list) == nil)
        #expect(Validator.roomHint(snapshot, configuration: Configuration()) == nil)
        let presence = Snapshot(courses: [Fx.course(venue: "Bremen")], bookings: [])
        #expect(Validator.roomHint(presence, configuration: Configuration()) == nil)
    }
}
