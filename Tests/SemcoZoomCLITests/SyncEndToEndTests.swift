import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@Suite("sync end to end (CLI against the simulator)", .serialized)
struct SyncEndToEndTests {
    @Test(
        "the guide's course 10062: plan 2 without writes, sync creates one type-8 meeting with three occurrences and registrants, then nothing more"
    )
    func guideCourse() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()

        // plan: changes pending (2), nothing written to Zoom, nothing moved, no state.
        let plan = try await scene.run("plan", ["--json"])
        #expect(plan.exitCode == 2, "\(plan.stdout)\n\(plan.stderr)")
        #expect(await scene.writes().isEmpty)
        #expect(try scene.dropFiles().count == 3)
        #expect(!FileManager.default.fileExists(atPath: scene.stateFile.path))
        let planned = try scene.report(plan)
        #expect(planned.actions.contains { $0.kind == .createMeeting && $0.status == .planned })

        // sync: the meeting and its registrants.
        let sync = try await scene.run("sync", ["--json"])
        #expect(sync.exitCode == 0, "\(sync.stdout)\n\(sync.stderr)")
        let meetings = await scene.meetings()
        try #require(meetings.count == 1)
        let meeting = meetings[0]
        #expect(meeting.type == 8)
        #expect(meeting.hostEmail == SyncScene.trainer)
        #expect(meeting.approvalType == 1)
        #expect(meeting.registrationType == 1)
        #expect(meeting.agenda?.hasPrefix("[SEMCO 10062]") == true)
        #expect(meeting.topic == "Narkose Grundschulung - Zoom-Webinar am Abend")
        let occurrences = meeting.occurrences.filter { $0.status == "available" }
        #expect(
            occurrences.map(\.startTime)
                == ["2027-04-12T14:00:00Z", "2027-04-14T14:00:00Z", "2027-04-16T14:00:00Z"].map(SyncScene.utc))
        #expect(occurrences.allSatisfy { $0.duration == 300 })
        let approved = meeting.registrants.filter { $0.status == "approved" }.map { $0.email.lowercased() }.sorted()
        #expect(approved == ["anna.schmidt@example.org", "rita.doro@example.org", "s.miller@example.org"])
        let anna = try #require(meeting.registrants.first { $0.email.lowercased() == "anna.schmidt@example.org" })
        #expect(anna.org == "Klinikum Nord")

        // The state: meeting id, personal join links, owner-only, no secret, no start_url.
        let state = try scene.state()
        let course = try #require(state[course: "10062"])
        #expect(course.meetingID == meeting.id)
        #expect(course.pendingCreate == nil)
        #expect(course.registrants.count == 3)
        #expect(
            course.registrants.values.allSatisfy {
                $0.status == .registered && $0.joinURL != nil && $0.registrantID != nil
            })
        let attributes = try FileManager.default.attributesOfItem(atPath: scene.stateFile.path)
        #expect((attributes[.posixPermissions] as! NSNumber).intValue & 0o777 == 0o600)
        #expect(FileManager.default.fileExists(atPath: scene.stateFile.path + ".bak"))
        let report = try scene.report(sync)
        #expect(report.counts.actionsFailed == 0)
        #expect(report.inputFiles.count == 3)
        let outputDirectory = try scene.reportFile(sync).deletingLastPathComponent().path
        let outputs = [
            scene.stateFile, URL(fileURLWithPath: outputDirectory + "/report.json"),
            URL(fileURLWithPath: outputDirectory + "/api-calls.jsonl"),
        ]
        for file in outputs {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains(SyncScene.secret), "\(file.path) holds the secret")
            #expect(!text.contains("start_url"), "\(file.path) holds a start_url")
        }

        // Without --keep-drop the used files moved to archive/<run-id>/.
        #expect(try scene.dropFiles().isEmpty)
        let archived = try FileManager.default.contentsOfDirectory(
            atPath: scene.drop.appendingPathComponent("archive/\(report.runID)").path)
        #expect(
            archived.sorted() == [
                "buchungen_20270301_2200.csv", "kurse_20270301_2200.csv", "trainer_20270301_2200.csv",
            ])

        // plan after sync: nothing to change (0); a second sync (from the archive) makes no write call.
        let before = await scene.callCount()
        let again = try await scene.run("plan")
        #expect(again.exitCode == 0, "\(again.stdout)\n\(again.stderr)")
        let second = try await scene.run("sync", ["--json"])
        #expect(second.exitCode == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(await scene.writes(since: before).isEmpty)
        #expect(await scene.meetings().count == 1)

        // status shows what the state manages.
        let status = try await scene.run("status", ["--json"])
        #expect(status.exitCode == 0)
        let parsed = try StateStore.decoder().decode(StatusReport.self, from: Data(status.stdout.utf8))
        #expect(parsed.courses.map(\.number) == ["10062"])
        #expect(parsed.courses.first?.meetingID == meeting.id)
        #expect(parsed.courses.first?.registered == 3)
        #expect(parsed.problems.isEmpty)
    }

    @Test(
        "a quiet night reads no denied list; a registrant denied in Zoom makes it read, and the person is approved again"
    )
    func deniedListOnlyWhenNeeded() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let meeting = try await scene.syncGuideCourse()

        // Nothing changed: the meeting, its approved and pending lists; no denied list, no write.
        var before = await scene.callCount()
        let quiet = try await scene.run("plan")
        #expect(quiet.exitCode == 0, "\(quiet.stdout)\n\(quiet.stderr)")
        let quietReads = await scene.simulator.servedCalls().dropFirst(before).filter {
            $0.path.hasPrefix("/v2/meetings/")
        }
        func described(_ call: ServedCall) -> String {
            let status =
                (call.query ?? "").split(separator: "&").first { $0.hasPrefix("status=") }.map { " " + $0 } ?? ""
            return "\(call.method) \(call.path)\(status)"
        }
        #expect(
            quietReads.map(described).sorted() == [
                "GET /v2/meetings/\(meeting.id)",
                "GET /v2/meetings/\(meeting.id)/registrants status=approved",
                "GET /v2/meetings/\(meeting.id)/registrants status=pending",
            ])

        // Someone denies Anna in Zoom while her booking is active: the denied list is read and
        // she is approved again (not added: Zoom refuses a plain re-add of a denied address).
        await scene.simulator.denyRegistrantDirectly(meetingID: meeting.id, email: "anna.schmidt@example.org")
        before = await scene.callCount()
        let drift = try await scene.run("sync", ["--keep-drop", "--json"])
        #expect(drift.exitCode == 0, "\(drift.stdout)\n\(drift.stderr)")
        let calls = await scene.simulator.servedCalls().dropFirst(before)
        #expect(calls.contains { $0.method == "GET" && $0.query?.contains("status=denied") == true })
        #expect(calls.contains { $0.method == "PUT" && $0.path.hasSuffix("/registrants/status") })
        #expect(!calls.contains { $0.method == "POST" && $0.path.hasSuffix("/registrants") })
        let anna = await scene.meetings().first?.registrants.first {
            $0.email.lowercased() == "anna.schmidt@example.org"
        }
        #expect(anna?.status == "approved")
    }

    @Test("sessions with differing times end as exactly those occurrences in Zoom")
    func differingSessions() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse(
            sessions: [
                "10062;12.04.2027;16:00;21:00",
                "10062;14.04.2027;09:00;12:00",
                "10062;19.04.2027;16:00;21:00",
            ], endDay: "19.04.2027")
        let sync = try await scene.run("sync", ["--keep-drop", "--json"])
        #expect(sync.exitCode == 0, "\(sync.stdout)\n\(sync.stderr)")
        let meetings = await scene.meetings()
        try #require(meetings.count == 1)
        let available = meetings[0].occurrences.filter { $0.status == "available" }.sorted {
            $0.startTime < $1.startTime
        }
        #expect(
            available.map(\.startTime)
                == ["2027-04-12T14:00:00Z", "2027-04-14T07:00:00Z", "2027-04-19T14:00:00Z"].map(SyncScene.utc))
        #expect(available.map(\.duration) == [300, 180, 300])
        // --keep-drop: every file still where it was.
        #expect(try scene.dropFiles().count == 4)
        #expect(!FileManager.default.fileExists(atPath: scene.drop.appendingPathComponent("archive").path))
        let before = await scene.callCount()
        let second = try await scene.run("sync", ["--keep-drop"])
        #expect(second.exitCode == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(await scene.writes(since: before).isEmpty)
    }

    @Test("a create whose answer is lost is found by its agenda marker: one meeting, nothing duplicated")
    func lostCreateAnswer() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        await scene.simulator.inject(
            SimulatedFault(method: "POST", pathPrefix: "/v2/users/", count: 1, action: .dropAfterProcessing))
        let first = try await scene.run("sync", ["--keep-drop", "--json"])
        #expect([0, 3].contains(first.exitCode), "\(first.stdout)\n\(first.stderr)")
        var runs = 1
        if first.exitCode == 3 {
            let second = try await scene.run("sync", ["--keep-drop"])
            #expect(second.exitCode == 0, "\(second.stdout)\n\(second.stderr)")
            runs += 1
        }
        let meetings = await scene.meetings()
        #expect(meetings.count == 1, "after \(runs) runs")
        #expect(meetings.first?.registrants.filter { $0.status == "approved" }.count == 3)
        #expect(try scene.state()[course: "10062"]?.meetingID == meetings.first?.id)
        #expect(try scene.state()[course: "10062"]?.pendingCreate == nil)
    }

    @Test("5xx, 429, an expired token and dropped connections mid-run still end in the right Zoom state")
    func transientFaults() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        let sim = scene.simulator
        await sim.inject(
            SimulatedFault(
                method: "POST", pathPrefix: "/v2/meetings/", count: 1,
                action: .respond(status: 502, body: "{\"code\":502,\"message\":\"Bad gateway\"}", headers: [:])))
        await sim.inject(
            SimulatedFault(
                method: "POST", pathPrefix: "/v2/meetings/", count: 1,
                action: .respond(
                    status: 401, body: "{\"code\":124,\"message\":\"Access token is expired.\"}", headers: [:])))
        await sim.inject(
            SimulatedFault(
                method: "POST", pathPrefix: "/v2/meetings/", count: 1,
                action: .respond(
                    status: 429, body: "{\"code\":429,\"message\":\"Too many requests\"}",
                    headers: ["X-RateLimit-Type": "QPS", "X-RateLimit-Category": "Light"])))
        await sim.inject(SimulatedFault(method: "GET", pathPrefix: "/v2/meetings/", count: 1, action: .dropConnection))
        await sim.inject(
            SimulatedFault(method: "PATCH", pathPrefix: "/v2/meetings/", count: 1, action: .dropConnection))
        await sim.inject(
            SimulatedFault(
                method: "GET", pathPrefix: "/v2/meetings/", count: 1,
                action: .respond(status: 503, body: "{\"code\":503,\"message\":\"Unavailable\"}", headers: [:])))

        var exit: Int32 = -1
        var runs = 0
        while runs < 3 {
            runs += 1
            let result = try await scene.run("sync", ["--keep-drop"])
            exit = result.exitCode
            #expect([0, 3].contains(result.exitCode), "\(result.stdout)\n\(result.stderr)")
            if exit == 0 { break }
        }
        #expect(exit == 0, "still failing after \(runs) runs")
        let meetings = await scene.meetings()
        try #require(meetings.count == 1)
        #expect(meetings[0].occurrences.filter { $0.status == "available" }.count == 3)
        #expect(meetings[0].registrants.filter { $0.status == "approved" }.count == 3)
        #expect(meetings[0].registrants.count == 3)
        let before = await scene.callCount()
        let settled = try await scene.run("sync", ["--keep-drop"])
        #expect(settled.exitCode == 0)
        #expect(await scene.writes(since: before).isEmpty)
    }

    @Test("wrong credentials: exit 1 with a clear message, nothing applied, drop files stay")
    func authenticationFailure() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        let result = try await scene.run(
            "sync", ["--language", "en"], environment: ["ZOOM_CLIENT_SECRET": "wrong-secret"])
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("authentication failed"))
        #expect(!result.stderr.contains("wrong-secret"))
        #expect(await scene.writes().isEmpty)
        #expect(try scene.dropFiles().count == 3)
        #expect(!FileManager.default.fileExists(atPath: scene.stateFile.path))
    }
}
