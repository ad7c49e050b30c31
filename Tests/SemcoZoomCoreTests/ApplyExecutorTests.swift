import Foundation
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

/// The executor alone, with hand-written plans, against the simulator over real HTTP.
@Suite("Apply: plan executor against the simulator", .serialized)
struct ApplyExecutorTests {
    static let host = "t.trainer@example.org"
    static let other = "o.other@example.org"

    struct Rig {
        let dir: TemporaryDirectory
        let sim: ZoomSimulator
        let client: HTTPZoomClient
        let store: StateStore

        static func start(dailyWrites: DailyWriteLedger? = nil) async throws -> Rig {
            var configuration = SimulatorConfiguration()
            configuration.clientSecret = "apply-secret"
            configuration.users = [SimulatedUser(email: host, type: 2), SimulatedUser(email: other, type: 2)]
            let sim = try await ZoomSimulator.start(configuration)
            var settings = ZoomClientSettings(
                apiURL: sim.apiURL, oauthURL: sim.oauthURL,
                credentials: ZoomCredentials(
                    accountID: configuration.accountID, clientID: configuration.clientID, clientSecret: "apply-secret"),
                retry: ZoomRetryPolicy(
                    maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05, maxRateLimitRetries: 3, maxRateLimitWait: 1,
                    requestTimeout: 5))
            settings.dailyWrites = dailyWrites
            let dir = try TemporaryDirectory(prefix: "semco-zoom-apply")
            return Rig(
                dir: dir, sim: sim, client: HTTPZoomClient.overCurl(settings: settings),
                store: StateStore(url: dir.url.appendingPathComponent("state.json")))
        }

        func stop() async {
            await sim.stop()
            dir.remove()
        }

        func executor(_ state: SyncState) async throws -> PlanExecutor {
            let journal = StateJournal(
                store: store, loaded: LoadedState(state: state, existed: false, fingerprint: nil), clock: SystemClock())
            var configuration = Configuration()
            configuration.notifyRegistrants = false
            return PlanExecutor(client: client, journal: journal, clock: SystemClock(), configuration: configuration)
        }

        /// A meeting with Eva registered and then cancelled: Zoom holds her as denied.
        func deniedEva() async throws -> (ZoomMeeting, ZoomRegistrantRequest, ZoomRegistrantReference) {
            let meeting = try await meeting()
            let eva = ZoomRegistrantRequest(email: "eva@example.org", firstName: "Eva", lastName: "Lang")
            let created = try await client.addRegistrant(meetingID: meeting.id, eva, context: .none)
            let reference = ZoomRegistrantReference(id: created.registrantID, email: eva.email)
            try await client.updateRegistrantStatus(
                meetingID: meeting.id, action: .cancel, registrants: [reference], context: .none)
            return (meeting, eva, reference)
        }

        /// Zoom answers the next `times` registrant status changes (the PUT of an approve or a
        /// cancel) with `status` and Zoom's `code`.
        func answerStatusChanges(times: Int, status: Int, code: Int, message: String) async {
            await sim.inject(
                SimulatedFault(
                    method: "PUT", pathPrefix: "/v2/meetings/", count: times,
                    action: .respond(
                        status: status, body: "{\"code\":\(code),\"message\":\"\(message)\"}", headers: [:])
                ))
        }

        func meeting(topic: String = "Kurs 4711", host: String = host) async throws -> ZoomMeeting {
            try await client.createMeeting(
                host: host,
                MeetingChange(
                    topic: topic, kind: .meeting, startTime: "2027-05-03T09:00:00", timezone: "Europe/Berlin",
                    duration: 60,
                    agenda: "[SEMCO 4711]",
                    settings: MeetingSettings(approval: .manual, registration: .onceForAllSessions)),
                context: .none)
        }
    }

    static let why = LocalizedText(de: "Test", en: "test")

    static func managed(_ number: CourseNumber, meeting: ZoomMeetingID?, host: String = host) -> ManagedCourse {
        ManagedCourse(number: number, host: host, meetingID: meeting)
    }

    @Test(
        "a booked-again person Zoom holds as denied: the refused add is followed by one approve, and they are registered"
    )
    func deniedReadd() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        let meeting = try await rig.meeting()
        let request = ZoomRegistrantRequest(email: "eva@example.org", firstName: "Eva", lastName: "Lang")
        let created = try await rig.client.addRegistrant(meetingID: meeting.id, request, context: .none)
        try await rig.client.updateRegistrantStatus(
            meetingID: meeting.id, action: .cancel,
            registrants: [ZoomRegistrantReference(id: created.registrantID, email: request.email)], context: .none)

        let executor = try await rig.executor(SyncState(courses: ["4711": Self.managed("4711", meeting: meeting.id)]))
        let report = await executor.execute(
            Plan(actions: [
                PlannedAction(
                    course: "4711", booking: "BN-1", email: request.email,
                    kind: .addRegistrant(.existing(meeting.id), request: request), reason: Self.why)
            ]))
        #expect(report.actions.map(\.result) == [.applied])
        #expect(report.actions.first?.error?.code == 3000)
        let approved = try await rig.client.listRegistrants(meetingID: meeting.id, status: .approved, context: .none)
        #expect(approved.map(\.email) == ["eva@example.org"])
        let state = try rig.store.load().state
        #expect(state[course: "4711"]?.registrants["eva@example.org"]?.status == .registered)
        #expect(state[course: "4711"]?.registrants["eva@example.org"]?.bookings == ["BN-1"])
    }

    @Test(
        "Zoom refusing the approve hands the person to the Zoom import CSV, and the course goes on with the next booking"
    )
    func approveRefused() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        let (meeting, eva, reference) = try await rig.deniedEva()
        await rig.answerStatusChanges(times: 1, status: 400, code: 3000, message: "Cannot approve")
        let tom = ZoomRegistrantRequest(email: "tom@example.org", firstName: "Tom", lastName: "Berg")

        let executor = try await rig.executor(SyncState(courses: ["4711": Self.managed("4711", meeting: meeting.id)]))
        let report = await executor.execute(
            Plan(actions: [
                PlannedAction(
                    course: "4711", booking: "BN-1", email: eva.email,
                    kind: .approveRegistrant(.existing(meeting.id), registrant: reference), reason: Self.why),
                PlannedAction(
                    course: "4711", booking: "BN-2", email: tom.email,
                    kind: .addRegistrant(.existing(meeting.id), request: tom), reason: Self.why),
            ]))
        #expect(report.actions.map(\.result) == [.failed, .applied])
        #expect(report.handedToImport.map(\.email) == ["eva@example.org"])
        #expect(report.handedToImport.first?.meetingID == meeting.id)
        #expect(report.handedToImport.first?.bookings == ["BN-1"])
        let state = try rig.store.load().state
        #expect(state[course: "4711"]?.registrants["eva@example.org"]?.status == .handedToImport)
        #expect(state[course: "4711"]?.registrants["tom@example.org"]?.status == .registered)
    }

    @Test(
        "an approve that fails on Zoom's token (401 / 124 again after the renewal) fails this night and hands nobody to the import; the next run approves"
    )
    func approveFailingOnTheTokenIsNoRefusal() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        let (meeting, eva, reference) = try await rig.deniedEva()
        // Both the call and its retry with a renewed token are answered "token expired".
        await rig.answerStatusChanges(times: 2, status: 401, code: 124, message: "Access token is expired.")
        let approve = Plan(actions: [
            PlannedAction(
                course: "4711", booking: "BN-1", email: eva.email,
                kind: .approveRegistrant(.existing(meeting.id), registrant: reference), reason: Self.why)
        ])

        let course = SyncState(courses: ["4711": Self.managed("4711", meeting: meeting.id)])
        let first = try await rig.executor(course).execute(approve)
        #expect(first.actions.map(\.result) == [.failed])
        #expect(first.actions.first?.error?.code == 124)
        #expect(first.handedToImport.isEmpty)
        #expect(try rig.store.load().state[course: "4711"]?.registrants["eva@example.org"]?.status != .handedToImport)
        let denied = try await rig.client.listRegistrants(meetingID: meeting.id, status: .denied, context: .none)
        #expect(denied.map(\.email) == ["eva@example.org"])

        let next = try await rig.executor(course).execute(approve)
        #expect(next.actions.map(\.result) == [.applied])
        #expect(try rig.store.load().state[course: "4711"]?.registrants["eva@example.org"]?.status == .registered)
        let approved = try await rig.client.listRegistrants(meetingID: meeting.id, status: .approved, context: .none)
        #expect(approved.map(\.email) == ["eva@example.org"])
    }

    @Test("a host's used-up daily budget defers its create and what depends on it; another course goes on")
    func dailyLimitDefers() async throws {
        let today = DailyWriteLedger.utcDay(of: Date())
        let rig = try await Rig.start(dailyWrites: DailyWriteLedger(day: today, perHost: [Self.host: 100]))
        defer { Task { await rig.stop() } }
        let request = MeetingChange(
            topic: "Kurs 1", kind: .meeting, startTime: "2027-05-03T09:00:00", timezone: "Europe/Berlin",
            duration: 60, agenda: "[SEMCO 1]\nKurs 1", settings: MeetingSettings(approval: .manual))
        var other = request
        other.agenda = "[SEMCO 2]\nKurs 2"
        let person = ZoomRegistrantRequest(email: "p@example.org", firstName: "P")
        let executor = try await rig.executor(SyncState())
        let report = await executor.execute(
            Plan(
                actions: [
                    PlannedAction(
                        course: "1", kind: .createMeeting(host: Self.host, request: request), reason: Self.why),
                    PlannedAction(
                        course: "1", booking: "B1", kind: .addRegistrant(.created("1"), request: person),
                        reason: Self.why),
                    PlannedAction(
                        course: "2", kind: .createMeeting(host: Self.other, request: other), reason: Self.why),
                    PlannedAction(
                        course: "2", booking: "B2", kind: .addRegistrant(.created("2"), request: person),
                        reason: Self.why),
                ],
                stateUpdates: [
                    "1": Self.managed("1", meeting: nil), "2": Self.managed("2", meeting: nil, host: Self.other),
                ]))
        #expect(report.actions.map(\.result) == [.deferred, .deferred, .applied, .applied])
        #expect(report.deferred.count == 2)
        #expect(report.fatal == nil)
        let state = try rig.store.load().state
        #expect(state[course: "1"]?.meetingID == nil)
        #expect(state[course: "1"]?.pendingCreate == nil)
        #expect(state[course: "2"]?.meetingID != nil)
        #expect(state.dailyWrites?.perHost[Self.other] == 1)
        let meetings = await rig.sim.snapshot().meetings
        #expect(meetings.map(\.hostEmail) == [Self.other])
    }

    @Test(
        "the observer reads meetings with every registrant status, tells gone from unavailable, and finds interrupted creates by marker"
    )
    func observer() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        let kept = try await rig.meeting(topic: "Kept")
        let gone = try await rig.meeting(topic: "Gone")
        let orphan = try await rig.client.createMeeting(
            host: Self.host,
            MeetingChange(
                topic: "Orphan", kind: .meeting, startTime: "2027-06-01T09:00:00", timezone: "Europe/Berlin",
                duration: 60,
                agenda: "[SEMCO 9]\nOrphan", settings: MeetingSettings(approval: .manual)), context: .none)
        let person = ZoomRegistrantRequest(email: "d@example.org", firstName: "D")
        let added = try await rig.client.addRegistrant(meetingID: kept.id, person, context: .none)
        try await rig.client.updateRegistrantStatus(
            meetingID: kept.id, action: .cancel,
            registrants: [ZoomRegistrantReference(id: added.registrantID, email: person.email)], context: .none)
        await rig.sim.deleteMeetingDirectly(id: gone.id)
        var pending = Self.managed("9", meeting: nil)
        pending.pendingCreate = PendingCreate(marker: "[SEMCO 9]", host: Self.host, recordedAt: Date())
        let state = SyncState(courses: [
            "1": Self.managed("1", meeting: kept.id), "2": Self.managed("2", meeting: gone.id),
            "3": Self.managed("3", meeting: 99_999_999_999), "9": pending,
        ])
        // Course 3's meeting read fails with a 5xx every time: unavailable, never gone.
        await rig.sim.inject(
            SimulatedFault(
                method: "GET", pathPrefix: "/v2/meetings/99999999999", count: 10,
                action: .respond(status: 500, body: "{\"code\":500,\"message\":\"x\"}", headers: [:])))
        let result = await ZoomObserver(client: rig.client).observe(state: state)
        guard case .present(let meeting, let registrants) = result.observation.meetings["1"] else {
            Issue.record("course 1 not present")
            return
        }
        #expect(meeting.id == kept.id)
        #expect(registrants.map(\.status) == [.denied])
        #expect(result.observation.meetings["2"] == .gone)
        guard case .unavailable = result.observation.meetings["3"] else {
            Issue.record("course 3 not unavailable")
            return
        }
        #expect(result.observation.adoptable["9"]?.id == orphan.id)
        #expect(result.observation.remainingDailyWrites[Self.host] != nil)
        #expect(result.diagnostics.contains { $0.code == "zoom.observe-failed" && $0.course == "3" })
    }
}
