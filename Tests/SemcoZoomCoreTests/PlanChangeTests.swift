import Foundation
import Testing

@testable import SemcoZoomCore

/// A course synced through the test Zoom: the first run applied and recorded.
struct Synced {
    var zoom = TestZoom()
    var state = SyncState(lineage: "t")
    var snapshot: Snapshot
    var configuration = Configuration()

    init(_ snapshot: Snapshot, configuration: Configuration = Configuration()) {
        self.snapshot = snapshot
        self.configuration = configuration
        let (desired, plan) = Fx.run(snapshot, configuration: configuration)
        zoom.apply(plan)
        state = zoom.record(plan, desired: desired, into: state)
    }

    var meetingID: ZoomMeetingID { state[course: "10062"]!.meetingID! }

    /// Plans the next run against `snapshot` and what the test Zoom holds now.
    func next(
        _ snapshot: Snapshot? = nil, allowMassCancel: Bool = false, recreateDeleted: Bool = false,
        zoom observation: ZoomObservation? = nil, now: Date = Fx.now
    ) -> (DesiredState, Plan) {
        Fx.run(
            snapshot ?? self.snapshot, state: state, zoom: observation ?? zoom.observe(state),
            configuration: configuration,
            allowMassCancel: allowMassCancel, recreateDeleted: recreateDeleted, now: now)
    }

    /// Applies and records a plan, as the executor would.
    mutating func apply(_ desired: DesiredState, _ plan: Plan) {
        zoom.apply(plan)
        state = zoom.record(plan, desired: desired, into: state)
    }

    func available() -> [ZoomOccurrence] { zoom.meetings[meetingID]!.occurrences.filter(\.isAvailable) }
}

func updates(_ plan: Plan) -> [MeetingChange] {
    plan.actions.compactMap { if case .updateMeeting(_, let request) = $0.kind { return request } else { return nil } }
}

@Suite struct PlanChangeTests {
    let snapshot = Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings())

    @Test func titleChangeIsOnePatchWithOnlyTheTopicAndAgenda() {
        let synced = Synced(snapshot)
        var changed = snapshot
        changed.courses[0].title = "Narkose Aufbaukurs"
        let (_, plan) = synced.next(changed)
        #expect(plan.actions.count == 1)
        #expect(
            updates(plan) == [
                MeetingChange(topic: "Narkose Aufbaukurs", agenda: "[SEMCO 10062]\nNarkose Aufbaukurs")
            ])
        #expect(plan.actions.first?.reason.en.contains("Changed in SEMCO") == true)
        #expect(plan.diagnostics.isEmpty)
    }

    @Test func timeChangeOfEverySessionIsOnePatchWithOnlyTheStart() {
        var synced = Synced(snapshot)
        var changed = snapshot
        changed.courses[0].weeklyTimes = changed.courses[0].weeklyTimes.map {
            WeeklyTime(weekday: $0.weekday, from: Fx.time("17:00"), to: Fx.time("22:00"))
        }
        let (desired, plan) = synced.next(changed)
        #expect(updates(plan) == [MeetingChange(startTime: "2027-04-12T17:00:00", timezone: "Europe/Berlin")])
        #expect(plan.actions.count == 1)
        synced.apply(desired, plan)
        #expect(synced.available().map(\.startTime) == changed.courses[0].sessions(in: Fx.berlin).map(\.start))
        let (_, after) = synced.next(changed)
        #expect(after.actions.isEmpty)
    }

    @Test func oneSessionsTimeChangedMovesOnlyThatOccurrence() {
        var synced = Synced(snapshot)
        var changed = snapshot
        changed.courses[0].weeklyTimes = []
        changed.courses[0].scheduledDates = Fx.dates([
            ("2027-04-12", "16:00", "21:00"), ("2027-04-14", "15:00", "21:00"),
            ("2027-04-16", "16:00", "21:00"),
        ])
        let (desired, plan) = synced.next(changed)
        #expect(
            plan.actions.map(\.kind) == [
                .moveOccurrence(
                    .existing(synced.meetingID), occurrenceStart: Fx.at("2027-04-14T16:00"),
                    startTime: "2027-04-14T15:00:00", duration: 360)
            ])
        #expect(plan.actions.first?.reason.en.contains("changed in SEMCO") == true)
        synced.apply(desired, plan)
        #expect(synced.available().map(\.startTime) == changed.courses[0].sessions(in: Fx.berlin).map(\.start))
        #expect(synced.next(changed).1.actions.isEmpty)
    }

    @Test func sessionRemovedInTheMiddleDeletesOnlyThatOccurrence() {
        var synced = Synced(snapshot)
        var changed = snapshot
        changed.courses[0].weeklyTimes = []
        changed.courses[0].scheduledDates = Fx.dates([
            ("2027-04-12", "16:00", "21:00"), ("2027-04-16", "16:00", "21:00"),
        ])
        let (desired, plan) = synced.next(changed)
        // One occurrence delete (no daily write) instead of a series PATCH.
        #expect(
            plan.actions.map(\.kind) == [
                .deleteOccurrence(.existing(synced.meetingID), occurrenceStart: Fx.at("2027-04-14T16:00"))
            ])
        synced.apply(desired, plan)
        #expect(synced.available().map(\.startTime) == changed.courses[0].sessions(in: Fx.berlin).map(\.start))
        #expect(synced.next(changed).1.actions.isEmpty)
    }

    @Test func sessionAddedAtTheEndResendsTheRecurrenceWithItsStart() {
        // The start goes with a re-sent recurrence: Zoom counts the occurrences from the start it keeps.
        var synced = Synced(snapshot)
        var changed = snapshot
        changed.courses[0].endDay = Fx.day("2027-04-19")
        let (desired, plan) = synced.next(changed)
        #expect(
            updates(plan) == [
                MeetingChange(
                    startTime: "2027-04-12T16:00:00", timezone: "Europe/Berlin",
                    recurrence: MeetingRecurrence(
                        frequency: .weekly, repeatInterval: 1, weekdays: [.monday, .wednesday, .friday], endTimes: 4))
            ])
        #expect(plan.actions.count == 1)
        synced.apply(desired, plan)
        #expect(synced.available().count == 4)
    }

    @Test func firstSessionOfAnIrregularSeriesChangedIsOneMove() {
        // Irregular sessions: the series needs a delete and a move; then the first day moves later.
        let irregular = Snapshot(courses: [
            Fx.course(
                dates: Fx.dates([
                    ("2027-05-03", "09:00", "12:00"), ("2027-05-05", "13:00", "17:00"),
                    ("2027-05-10", "09:00", "12:00"),
                ]))
        ])
        var synced = Synced(irregular)
        #expect(synced.available().count == 3)
        var changed = irregular
        changed.courses[0].scheduledDates[0] = ScheduledDate(
            day: Fx.day("2027-05-03"), from: Fx.time("10:00"), to: Fx.time("12:00"))
        let (desired, plan) = synced.next(changed)
        // Moving the first occurrence is cheaper than sending the series again.
        #expect(
            plan.actions.map(\.kind) == [
                .moveOccurrence(
                    .existing(synced.meetingID), occurrenceStart: Fx.at("2027-05-03T09:00"),
                    startTime: "2027-05-03T10:00:00", duration: 120)
            ])
        synced.apply(desired, plan)
        let sessions = changed.courses[0].sessions(in: Fx.berlin)
        #expect(synced.available().map(\.startTime) == sessions.map(\.start))
        #expect(synced.available().map(\.duration) == sessions.map(\.durationMinutes))
        #expect(synced.next(changed).1.actions.isEmpty)
    }

    @Test func oneSessionBecomingSeveralTurnsTheMeetingIntoASeries() {
        let single = Snapshot(courses: [Fx.course(end: "2027-04-12")])
        var synced = Synced(single)
        #expect(synced.zoom.meetings[synced.meetingID]?.kind == .meeting)
        let (desired, plan) = synced.next(snapshot)
        #expect(updates(plan).first?.kind == .meetingSeries)
        #expect(updates(plan).first?.recurrence?.endTimes == 3)
        synced.apply(desired, plan)
        #expect(synced.available().count == 3)
        #expect(synced.next(snapshot).1.zoomWrites.filter { $0.kind.isMeetingWork }.isEmpty)
    }

    @Test func settingsChangeSendsOnlySettings() {
        let synced = Synced(snapshot)
        var configuration = Configuration()
        configuration.notifyRegistrants = true
        let (_, plan) = Fx.run(
            snapshot, state: synced.state, zoom: synced.zoom.observe(synced.state), configuration: configuration)
        #expect(
            updates(plan) == [
                MeetingChange(
                    settings: MeetingSettings(
                        registrantsEmailNotification: true,
                        registrantsConfirmationEmail: true))
            ])
    }

    @Test func zoomAlreadyMatchingAChangeIsRecordedWithoutACall() {
        var synced = Synced(snapshot)
        var changed = snapshot
        changed.courses[0].title = "Neu"
        // Someone already made the same change in Zoom.
        synced.zoom.meetings[synced.meetingID]!.topic = "Neu"
        synced.zoom.meetings[synced.meetingID]!.agenda = "[SEMCO 10062]\nNeu"
        let (_, plan) = synced.next(changed)
        #expect(plan.actions.isEmpty)
        #expect(plan.stateUpdates["10062"]?.lastSent?.topic == "Neu")
    }

    @Test func seriesChangeRedoesTheOccurrenceFixesItWipes() {
        // Irregular sessions need a move; then every session moves an hour later: one PATCH of the
        // start plus the move again (the PATCH resets per-occurrence edits), not three moves.
        let irregular = Snapshot(courses: [
            Fx.course(
                dates: Fx.dates([
                    ("2027-05-03", "09:00", "12:00"), ("2027-05-05", "13:00", "17:00"),
                    ("2027-05-10", "09:00", "12:00"), ("2027-05-12", "09:00", "12:00"),
                ]))
        ])
        var synced = Synced(irregular)
        var changed = irregular
        changed.courses[0].scheduledDates = Fx.dates([
            ("2027-05-03", "10:00", "13:00"), ("2027-05-05", "14:00", "18:00"),
            ("2027-05-10", "10:00", "13:00"), ("2027-05-12", "10:00", "13:00"),
        ])
        let (desired, plan) = synced.next(changed)
        #expect(
            plan.actions.map(\.kind) == [
                .updateMeeting(
                    .existing(synced.meetingID),
                    request: MeetingChange(startTime: "2027-05-03T10:00:00", timezone: "Europe/Berlin")),
                .moveOccurrence(
                    .existing(synced.meetingID), occurrenceStart: Fx.at("2027-05-05T10:00"),
                    startTime: "2027-05-05T14:00:00", duration: 240),
            ])
        synced.apply(desired, plan)
        #expect(synced.available().map(\.startTime) == changed.courses[0].sessions(in: Fx.berlin).map(\.start))
        #expect(synced.next(changed).1.actions.isEmpty)
    }
}
