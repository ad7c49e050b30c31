import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@Suite("sync safety: lock, kill -9, mass-cancel guard, rejected input, state refusal", .serialized)
struct SyncSafetyTests {
    /// Polls (bounded) until `condition` holds.
    func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        // Up to a minute: under load a child process takes many seconds to get going.
        for _ in 0..<2400 {
            if try await condition() { return }
            try await Task.sleep(nanoseconds: 25_000_000)
        }
        Issue.record("timed out waiting for: \(what)")
    }

    @Test(
        "a second run while one holds the lock exits 75 and touches nothing; kill -9 mid-run, then a rerun ends with exactly one meeting"
    )
    func lockAndKill() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        // Hold the child in the middle of the run: the registrant add after the create waits.
        await scene.simulator.inject(
            SimulatedFault(method: "POST", pathPrefix: "/v2/meetings/", count: 1, action: .delay(300)))
        let child = try scene.start("sync", ["--keep-drop"])
        // Frozen as soon as the state records the meeting (the journal line is written before the
        // held registrant add is sent): the held request cannot time out (30 s) and let the run go
        // on while the second run is checked. It keeps its lock, as a slow run would. Polled on a
        // Dispatch thread, not the cooperative pool: in a full parallel `swift test` on two cores
        // the pool's threads are busy for many seconds at a time, and polling there let the 30 s
        // pass before the child was stopped (main failed this way too).
        let stateFile = scene.stateFile
        let frozen = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            DispatchQueue.global().async {
                let deadline = Date().addingTimeInterval(120)
                while Date() < deadline {
                    if (try? StateStore(url: stateFile).load().state[course: "10062"]?.meetingID) != nil {
                        continuation.resume(returning: kill(child.pid, SIGSTOP) == 0)
                        return
                    }
                    usleep(10_000)
                }
                continuation.resume(returning: false)
            }
        }
        #expect(frozen, "the state never recorded the meeting")
        #expect(await scene.meetings().count == 1)
        #expect(child.isRunning)

        // Second run while the first holds the lock: 75 at once, nothing touched.
        let stateBefore = try Data(contentsOf: scene.stateFile)
        let callsBefore = await scene.callCount()
        let runsFolder = scene.stateFile.deletingLastPathComponent().appendingPathComponent("runs")
        let runsBefore = try FileManager.default.contentsOfDirectory(atPath: runsFolder.path).count
        let second = try await scene.run("sync")
        #expect(second.exitCode == 75, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stderr.contains("Sperre"))
        #expect(try Data(contentsOf: scene.stateFile) == stateBefore)
        // Only the credentials check, which comes before the lock (README.md, "Exit codes"): a token, nothing read or written.
        let since = await scene.simulator.servedCalls().dropFirst(callsBefore)
        #expect(since.allSatisfy { $0.path.hasPrefix("/oauth/") }, "\(since.map(\.path))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: runsFolder.path).count == runsBefore)
        #expect(try scene.dropFiles().count == 3)

        // kill -9 the first run mid-way (SIGKILL ends a stopped process too); the OS releases its lock.
        child.killHard()
        let killed = await child.wait()
        #expect(killed.exitCode != 0)

        let rerun = try await scene.run("sync", ["--keep-drop"])
        #expect(rerun.exitCode == 0, "\(rerun.stdout)\n\(rerun.stderr)")
        let meetings = await scene.meetings()
        #expect(meetings.count == 1)
        #expect(meetings.first?.registrants.filter { $0.status == "approved" }.count == 3)
        #expect(try scene.state()[course: "10062"]?.registrants.count == 3)
    }

    @Test(
        "kill -9 right after Zoom carried out a create, before its answer reached the run: the rerun adopts it, exactly one meeting"
    )
    func killAfterCreateServed() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        // Zoom creates the meeting at once but its answer is held back: the run is killed in that window.
        await scene.simulator.inject(
            SimulatedFault(method: "POST", pathPrefix: "/v2/users/", count: 1, action: .delayAfterProcessing(30)))
        let child = try scene.start("sync", ["--keep-drop"])
        try await eventually("Zoom has created the meeting") { await scene.meetings().count == 1 }
        // The run recorded its intent before asking, and has not heard the answer.
        let intent = try scene.state()[course: "10062"]
        #expect(intent?.pendingCreate != nil)
        #expect(intent?.meetingID == nil)
        child.killHard()
        let killed = await child.wait()
        #expect(killed.exitCode != 0)

        let before = await scene.callCount()
        let rerun = try await scene.run("sync", ["--keep-drop", "--json"])
        #expect(rerun.exitCode == 0, "\(rerun.stdout)\n\(rerun.stderr)")
        #expect(
            await scene.writes(since: before).filter { $0.method == "POST" && $0.path.hasPrefix("/v2/users/") }.isEmpty)
        let meetings = await scene.meetings()
        #expect(meetings.count == 1)
        #expect(meetings.first?.registrants.filter { $0.status == "approved" }.count == 3)
        let after = try scene.state()[course: "10062"]
        #expect(after?.meetingID == meetings.first?.id)
        #expect(after?.pendingCreate == nil)
        let report = try scene.report(rerun)
        #expect(report.actions.contains { $0.kind == .adoptMeeting && $0.status == .applied })
    }

    @Test(
        "a state that holds only the intent of a create Zoom carried out (killed before recording): the rerun adopts the meeting by its marker"
    )
    func intentOnlyAfterCreate() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let meeting = try await scene.syncGuideCourse()

        // What a kill between Zoom's answer and the state write leaves: the intent, no meeting id.
        let store = StateStore(url: scene.stateFile)
        let loaded = try store.load()
        var state = loaded.state
        var course = try #require(state[course: "10062"])
        course.meetingID = nil
        course.lastSent = nil
        course.joinURL = nil
        course.registrationURL = nil
        course.registrants = [:]
        course.pendingCreate = PendingCreate(marker: "[SEMCO 10062]", host: SyncScene.trainer, recordedAt: Date())
        state[course: "10062"] = course
        try store.save(state, now: Date(), expected: loaded.fingerprint)

        let status = try await scene.run("status", ["--language", "en"])
        #expect(status.stdout.contains("interrupted"), "\(status.stdout)")

        let before = await scene.callCount()
        let rerun = try await scene.run("sync", ["--keep-drop", "--json"])
        #expect(rerun.exitCode == 0, "\(rerun.stdout)\n\(rerun.stderr)")
        #expect(
            await scene.writes(since: before).filter { $0.method == "POST" && $0.path.hasPrefix("/v2/users/") }.isEmpty)
        #expect(await scene.meetings().count == 1)
        let after = try scene.state()[course: "10062"]
        #expect(after?.meetingID == meeting.id)
        #expect(after?.pendingCreate == nil)
        #expect(after?.registrants.count == 3)
        let report = try scene.report(rerun)
        #expect(report.actions.contains { $0.kind == .adoptMeeting && $0.status == .applied })
    }

    @Test("40 of 40 bookings missing: exit 4, nothing cancelled, files stay; --allow-mass-cancel cancels them")
    func massCancelGuard() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse(bookings: SyncScene.bookings(40), stamp: "20270301_2200")
        let first = try await scene.run("sync")
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(await scene.meetings().first?.registrants.filter { $0.status == "approved" }.count == 40)

        // A truncated export: the course is there, its bookings are not.
        try scene.writeGuideCourse(bookings: [], stamp: "20270302_2200")
        let before = await scene.callCount()
        let refused = try await scene.run("sync", ["--json"])
        #expect(refused.exitCode == 4, "\(refused.stdout)\n\(refused.stderr)")
        #expect(await scene.writes(since: before).isEmpty)
        #expect(await scene.meetings().first?.registrants.filter { $0.status == "approved" }.count == 40)
        #expect(
            try scene.dropFiles() == [
                "buchungen_20270302_2200.csv", "kurse_20270302_2200.csv", "trainer_20270302_2200.csv",
            ])
        let report = try scene.report(refused)
        #expect(report.massCancel?.tripped == true)
        #expect(report.fatal != nil)

        let allowed = try await scene.run("sync", ["--allow-mass-cancel"])
        #expect(allowed.exitCode == 0, "\(allowed.stdout)\n\(allowed.stderr)")
        let registrants = await scene.meetings().first?.registrants ?? []
        #expect(registrants.filter { $0.status == "approved" }.isEmpty)
        #expect(registrants.filter { $0.status == "denied" }.count == 40)
        #expect(try scene.dropFiles().isEmpty)
        #expect(try scene.state()[course: "10062"]?.registrants.values.allSatisfy { $0.status == .cancelled } == true)
    }

    @Test("rejected input moves to rejected/<run-id>/ with REASON.txt; state and Zoom unchanged")
    func rejectedInput() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        // The bookings export lacks its required E-Mail column.
        try scene.drop(
            "buchungen_20270301_2200.csv",
            [
                "Buchungsnummer;Kursnr;Vorname;Nachname;Status",
                "BN27-00158;10062;Steve;Miller;Bestätigte Buchung",
            ])
        let result = try await scene.run("sync", ["--json", "--language", "en"])
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("buchungen_20270301_2200.csv"))
        #expect(await scene.writes().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: scene.stateFile.path))
        #expect(try scene.dropFiles().isEmpty)
        let report = try scene.report(result)
        let rejected = scene.drop.appendingPathComponent("rejected/\(report.runID)")
        let names = try FileManager.default.contentsOfDirectory(atPath: rejected.path).sorted()
        #expect(
            names == [
                "REASON.txt", "buchungen_20270301_2200.csv", "kurse_20270301_2200.csv", "trainer_20270301_2200.csv",
            ])
        let reason = try String(contentsOf: rejected.appendingPathComponent("REASON.txt"), encoding: .utf8)
        #expect(reason.contains("buchungen_20270301_2200.csv"))
        #expect(reason.contains("E-Mail"))
    }

    @Test("an unreadable, foreign-format state file is refused (exit 1) and left as it is")
    func stateRefused() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        let newer = "{\"format\": 3, \"lineage\": \"future\", \"serial\": 9, \"courses\": {}}"
        try scene.dir.write("state/state.json", newer)
        let result = try await scene.run("sync", ["--keep-drop", "--language", "en"])
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("format 3"))
        #expect(try String(contentsOf: scene.stateFile, encoding: .utf8) == newer)
        #expect(await scene.writes().isEmpty)

        try scene.dir.write("state/state.json", "not json")
        let malformed = try await scene.run("plan")
        #expect(malformed.exitCode == 1)
        #expect(try String(contentsOf: scene.stateFile, encoding: .utf8) == "not json")
        let status = try await scene.run("status")
        #expect(status.exitCode == 1)
    }
}
