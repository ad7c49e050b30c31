import Foundation
import Testing

@testable import SemcoZoomCore

@Suite struct PlanDriftTests {
    let snapshot = Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings())

    func reportPolicy() -> Configuration {
        var configuration = Configuration()
        configuration.drift = .report
        return configuration
    }

    @Test func topicChangedInZoomIsSetBackAndReported() {
        var synced = Synced(snapshot)
        synced.zoom.meetings[synced.meetingID]!.topic = "Edited in Zoom"
        let (_, plan) = synced.next()
        #expect(updates(plan) == [MeetingChange(topic: "Narkose Grundsicherung - Zoom-Webinar am Abend")])
        #expect(plan.actions.first?.reason.en.contains("Changed in Zoom and set back") == true)
        let diagnostic = plan.diagnostics.first { $0.code == "zoom.drift-topic" }
        #expect(diagnostic?.severity == .warning)
        #expect(diagnostic?.message.en.contains("Edited in Zoom") == true)
    }

    @Test func topicChangedInZoomUnderReportPolicyIsOnlyReported() {
        var synced = Synced(snapshot, configuration: reportPolicy())
        synced.zoom.meetings[synced.meetingID]!.topic = "Edited in Zoom"
        let (_, plan) = synced.next()
        #expect(plan.actions.isEmpty)
        #expect(Fx.codes(plan.diagnostics) == ["zoom.drift-topic"])
        // SEMCO's own changes still flow under the report policy.
        var changed = snapshot
        changed.courses[0].endDay = Fx.day("2027-04-19")
        let (_, semcoChange) = synced.next(changed)
        #expect(updates(semcoChange).map(\.recurrence?.endTimes) == [4])
        #expect(updates(semcoChange).first?.topic == nil)
    }

    @Test func occurrenceMovedInZoomIsMovedBack() {
        var synced = Synced(snapshot)
        let id = synced.meetingID
        synced.zoom.meetings[id]!.occurrences[1].startTime = Fx.at("2027-04-14T18:00")
        let (desired, plan) = synced.next()
        // Named by where it starts now (the executor finds it there).
        #expect(
            plan.actions.map(\.kind) == [
                .moveOccurrence(
                    .existing(id), occurrenceStart: Fx.at("2027-04-14T18:00"),
                    startTime: "2027-04-14T16:00:00", duration: 300)
            ])
        #expect(plan.actions.first?.reason.en.contains("changed in Zoom") == true)
        #expect(Fx.codes(plan.diagnostics) == ["zoom.drift-occurrence"])
        synced.apply(desired, plan)
        #expect(synced.next().1.actions.isEmpty)
    }

    @Test func occurrenceMovedInZoomUnderReportPolicyIsOnlyReported() {
        var synced = Synced(snapshot, configuration: reportPolicy())
        synced.zoom.meetings[synced.meetingID]!.occurrences[1].startTime = Fx.at("2027-04-14T18:00")
        let (_, plan) = synced.next()
        #expect(plan.actions.isEmpty)
        #expect(Fx.codes(plan.diagnostics) == ["zoom.drift-occurrence"])
    }

    @Test func occurrenceDeletedInZoomIsBroughtBackBySendingTheSeries() {
        var synced = Synced(snapshot)
        synced.zoom.meetings[synced.meetingID]!.occurrences[2].status = "deleted"
        let (desired, plan) = synced.next()
        #expect(updates(plan).count == 1)
        #expect(updates(plan).first?.recurrence != nil)
        #expect(plan.diagnostics.contains { $0.code == "zoom.drift-occurrence" })
        synced.apply(desired, plan)
        #expect(synced.available().count == 3)
    }

    @Test func seriesTimeChangedInZoomIsSetBackWithOnePatch() {
        var synced = Synced(snapshot)
        // Someone moved the whole series to 18:00 in Zoom.
        synced.zoom.apply(
            PlannedAction(
                course: "10062",
                kind: .updateMeeting(
                    .existing(synced.meetingID),
                    request: MeetingChange(startTime: "2027-04-12T18:00:00")),
                reason: .init(de: "", en: "")))
        #expect(synced.available().map(\.startTime).first == Fx.at("2027-04-12T18:00"))
        let (desired, plan) = synced.next()
        #expect(updates(plan) == [MeetingChange(startTime: "2027-04-12T16:00:00", timezone: "Europe/Berlin")])
        #expect(plan.actions.count == 1)
        #expect(plan.actions.first?.reason.en.contains("Changed in Zoom") == true)
        #expect(plan.diagnostics.contains { $0.code == "zoom.drift-occurrence" && $0.severity == .warning })
        synced.apply(desired, plan)
        #expect(synced.next().1.actions.isEmpty)

        var report = Synced(snapshot, configuration: reportPolicy())
        report.zoom.apply(
            PlannedAction(
                course: "10062",
                kind: .updateMeeting(
                    .existing(report.meetingID),
                    request: MeetingChange(startTime: "2027-04-12T18:00:00")),
                reason: .init(de: "", en: "")))
        let (_, reported) = report.next()
        #expect(reported.actions.isEmpty)
        #expect(reported.diagnostics.contains { $0.code == "zoom.drift-occurrence" })
    }

    @Test func meetingGoneOnceIsOnlyAWarning() {
        var synced = Synced(snapshot)
        synced.zoom.meetings[synced.meetingID] = nil
        let (_, plan) = synced.next()
        #expect(plan.actions.isEmpty)
        #expect(Fx.codes(plan.diagnostics) == ["zoom.meeting-deleted"])
        #expect(plan.diagnostics.first?.severity == .warning)
        #expect(plan.stateUpdates["10062"]?.goneSince == Fx.now)
        #expect(plan.stateUpdates["10062"]?.meetingID == synced.meetingID)
    }

    @Test func meetingGoneTwiceIsForgottenAndCreatedWithItsRegistrants() {
        var synced = Synced(snapshot)
        let old = synced.meetingID
        synced.zoom.meetings[old] = nil
        synced.state[course: "10062"]!.goneSince = Fx.at("2027-03-31T02:00")
        let (_, plan) = synced.next()
        let kinds = plan.actions.map(\.kind)
        #expect(kinds.first == .forgetMeeting(old))
        guard kinds.count > 1, case .createMeeting(let host, _) = kinds[1] else {
            Issue.record("no create after forget: \(kinds)")
            return
        }
        #expect(host == Fx.supervisorHost)
        #expect(
            kinds.filter { if case .addRegistrant(.created("10062"), _) = $0 { return true } else { return false } }
                .count == 3)
        #expect(plan.stateUpdates["10062"]?.meetingID == nil)
        #expect(plan.stateUpdates["10062"]?.registrants.isEmpty == true)
    }

    @Test func recreateDeletedDoesItInTheSameRun() {
        var synced = Synced(snapshot)
        let old = synced.meetingID
        synced.zoom.meetings[old] = nil
        let (_, plan) = synced.next(recreateDeleted: true)
        #expect(plan.actions.first?.kind == .forgetMeeting(old))
        #expect(plan.actions.contains { if case .createMeeting = $0.kind { return true } else { return false } })
    }

    @Test func unavailableZoomIsNeverADeletion() {
        let synced = Synced(snapshot)
        for error in [
            ZoomError.unavailable(method: "GET", path: "/meetings/{id}", attempts: 3, reason: "timeout"),
            .api(status: 500, code: nil, message: "Internal", fieldErrors: []),
            .api(status: 401, code: 124, message: "Invalid access token.", fieldErrors: []),
            .dailyLimit(until: nil, category: "Light", limitType: "QPS"),
        ] {
            var changed = snapshot
            changed.courses[0].title = "Changed"
            changed.bookings.removeAll()
            let (_, plan) = synced.next(changed, zoom: ZoomObservation(meetings: ["10062": .unavailable(error)]))
            #expect(plan.actions.isEmpty)
            #expect(Fx.codes(plan.diagnostics) == ["zoom.unavailable"])
            #expect(plan.diagnostics.first?.severity == .error)
            #expect(plan.stateUpdates.isEmpty)
        }
        let (_, coded) = synced.next(
            zoom: ZoomObservation(meetings: [
                "10062": .unavailable(.api(status: 500, code: 3000, message: "x", fieldErrors: []))
            ]))
        #expect(coded.diagnostics.first?.message.en.contains("3000") == true)
    }

    @Test func pendingCreateWithAnAdoptableMeetingIsAdoptedNotCreated() {
        // The last run created the meeting and crashed before recording its id.
        var zoom = TestZoom()
        let (desired, first) = Fx.run(snapshot)
        zoom.apply(PlanFixturesSupport.onlyCreate(first))
        var state = SyncState(lineage: "t")
        state[course: "10062"] = ManagedCourse(
            number: "10062", host: Fx.supervisorHost,
            pendingCreate: PendingCreate(marker: "[SEMCO 10062]", host: Fx.supervisorHost, recordedAt: Fx.now))
        let id = zoom.created["10062"]!
        let observation = ZoomObservation(adoptable: ["10062": zoom.zoomMeeting(id)])
        let (_, plan) = Fx.run(snapshot, state: state, zoom: observation)
        let kinds = plan.actions.map(\.kind)
        #expect(kinds.first == .adoptMeeting(id))
        #expect(!kinds.contains { if case .createMeeting = $0 { return true } else { return false } })
        #expect(
            kinds.filter { if case .addRegistrant(.existing(id), _) = $0 { return true } else { return false } }.count
                == 3)
        #expect(!kinds.contains { if case .updateMeeting = $0 { return true } else { return false } })
        _ = desired
        // Nothing adoptable: the create is made (again).
        let (_, none) = Fx.run(snapshot, state: state, zoom: ZoomObservation())
        #expect(
            none.actions.first.map { if case .createMeeting = $0.kind { return true } else { return false } } == true)
    }
}

enum PlanFixturesSupport {
    /// Only the create of a plan (as if the run died right after it).
    static func onlyCreate(_ plan: Plan) -> Plan {
        var copy = plan
        copy.actions = plan.actions.filter { if case .createMeeting = $0.kind { return true } else { return false } }
        return copy
    }
}
