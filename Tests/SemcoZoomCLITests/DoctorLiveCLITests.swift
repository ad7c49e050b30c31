import Foundation
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `semco-zoom doctor --live` as a child process against the simulator over loopback HTTP:
/// every step agrees and nothing is left; each step, under a fault that makes "Zoom" answer
/// otherwise, disagrees naming its assumption and the cleanup still happens; SIGINT/SIGTERM
/// in the middle clean up; a SIGKILLed probe's meetings are removed by the next probe.
@Suite struct DoctorLiveCLITests {
    static let host = SyncScene.trainer

    static func live(_ extra: [String] = []) -> [String] {
        ["--live", "--host", host, "--out", "contract"] + extra
    }

    /// `semco-zoom doctor --state … ARGS` in the scene (no drop directory: the ordinary doctor
    /// warns and goes on).
    static func doctor(_ scene: SyncScene, _ extra: [String]) async throws -> CLIResult {
        try await CLIProcess.run(
            ["doctor", "--state", scene.stateFile.path] + extra, in: scene.dir.url, environment: scene.environment)
    }

    static func start(_ scene: SyncScene, _ extra: [String]) throws -> CLIChild {
        try CLIProcess.start(
            ["doctor", "--state", scene.stateFile.path] + extra, in: scene.dir.url, environment: scene.environment)
    }

    static func lines(_ result: CLIResult) -> [String] { result.stdout.split(separator: "\n").map(String.init) }

    static func line(_ result: CLIResult, step: String) -> String? {
        lines(result).first { $0.dropFirst(12).hasPrefix(step + ":") }
    }

    static func contract(_ scene: SyncScene) throws -> [String: Any] {
        let data = try Data(contentsOf: scene.dir.url.appendingPathComponent("contract/zoom-contract.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static let stepIDs = [
        "oauth-bad-account", "token", "host", "token-second", "leftovers", "create-series", "list-meetings",
        "move-occurrence", "delete-occurrence", "patch-deleted-occurrence", "patch-topic", "patch-duration",
        "add-registrant", "list-registrants", "page-token", "cancel-registrant", "readd-denied",
        "approve-registrant", "readd-active", "create-single", "batch-registrants", "delete-meetings",
        "get-deleted", "rate-limit-headers", "cleanup",
    ]

    @Test func everyStepAgreesAndNothingIsLeft() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let result = try await Self.doctor(scene, Self.live(["--yes"]))
        #expect(result.exitCode == 0, "\(result.stdout)\n\(result.stderr)")
        for id in Self.stepIDs {
            let line = try #require(Self.line(result, step: id), "no line for \(id):\n\(result.stdout)")
            #expect(line.hasPrefix("OK          "), "\(line)")
        }
        #expect(result.stdout.contains("2 Anlagen und bis zu 4 Änderungen von den 100 täglichen"))
        #expect(result.stdout.contains("doctor --live: 25 OK, 0 ABWEICHUNG, 0 FEHLER."))
        #expect(await scene.meetings().isEmpty)
        // Registrations were really made and the series really crossed the clock change.
        let calls = await scene.simulator.servedCalls()
        #expect(calls.filter { $0.method == "POST" && $0.path.hasSuffix("/meetings") }.count == 2)
        #expect(calls.filter { $0.method == "PATCH" && $0.status == 204 }.count == 3)

        let contract = try Self.contract(scene)
        #expect(contract["all_agree"] as? Bool == true)
        let steps = try #require(contract["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == Self.stepIDs)
        let text = String(
            decoding: try Data(contentsOf: scene.dir.url.appendingPathComponent("contract/zoom-contract.json")),
            as: UTF8.self)
        #expect(!text.contains("@"), "an address in zoom-contract.json")
        #expect(
            !text.contains(SyncScene.secret) && !result.stdout.contains(SyncScene.secret)
                && !result.stderr.contains(SyncScene.secret))
        #expect(!text.contains("\"access_token\" :"), "a token answer in zoom-contract.json")
        // Each step names what it sent, what Zoom answered and the assumption it checks.
        let create = try #require(steps.first { $0["id"] as? String == "create-series" })
        let calls0 = try #require(create["calls"] as? [[String: Any]])
        let sent = try #require(calls0.first?["sent"] as? [String: Any])
        #expect(sent["type"] as? Int == 8 && sent["timezone"] as? String == "Europe/Berlin")
        #expect((sent["agenda"] as? String)?.hasPrefix("[semco-zoom doctor --live ") == true)
        #expect(calls0.first?["status"] as? Int == 201)
        let assumptionIDs = steps.flatMap {
            ($0["assumptions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        // Every assumption of the catalogue (docs/SIMULATOR.md's table) is checked by a step; the
        // webinar licence only with kind: webinar.
        #expect(Set(assumptionIDs) == Set(ProbeAssumption.all.map(\.id)).subtracting(["webinar-licence"]))
    }

    @Test func englishOnRequest() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let result = try await Self.doctor(scene, Self.live(["--yes", "--language", "en"]))
        #expect(result.exitCode == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("It spends 2 creates and up to 4 updates of the host's 100 a day."))
        #expect(result.stdout.contains("OK          readd-denied: cancelled address added again (Zoom verbatim: "))
        #expect(result.stdout.contains("doctor --live: 25 OK, 0 MISMATCH, 0 ERROR."))
    }

    @Test func withoutYesAndWithoutInputNothingIsCreated() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let result = try await Self.doctor(scene, Self.live())
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Keine Bestätigung (keine Eingabe): nichts angelegt."))
        #expect(await scene.simulator.servedCalls().allSatisfy { $0.method == "GET" || $0.path == "/oauth/token" })
        let refused = try CLIRunner.run(
            ["doctor", "--state", scene.stateFile.path] + Self.live(), in: scene.dir.url,
            environment: scene.environment,
            stdin: Data("n\n".utf8))
        #expect(refused.exitCode == 1)
        #expect(refused.stdout.contains("Nicht bestätigt: nichts angelegt."))
        #expect(await scene.meetings().isEmpty)
    }

    @Test func anUnlicensedHostStopsTheProbeBeforeAnythingIsCreated() async throws {
        let scene = try await SyncScene.start(users: [
            SimulatedUser(email: Self.host, type: 1, firstName: "M", lastName: "B")
        ])
        defer { Task { await scene.stop() } }
        let result = try await Self.doctor(scene, Self.live(["--yes"]))
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        let line = try #require(Self.line(result, step: "host"))
        #expect(
            line.hasPrefix(
                "FEHLER      host: Lizenz des Moderators – type: erwartet 2, Zoom 1 (Der Moderator ist nicht lizenziert (type 1)"
            ), "\(line)")
        #expect(Self.line(result, step: "create-series") == nil)
        #expect(Self.line(result, step: "cleanup") == "OK          cleanup: Aufgeräumt: die Probe hat nichts angelegt")
        #expect(await scene.simulator.servedCalls().allSatisfy { $0.method == "GET" || $0.path == "/oauth/token" })
    }

    @Test func theSyncsSpendingTodayIsShownAndTooLittleLeftRefuses() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        func spent(_ count: Int) throws {
            let state = SyncState(
                lineage: "doctor-live-test",
                dailyWrites: DailyWriteLedger(day: DailyWriteLedger.utcDay(of: Date()), perHost: [Self.host: count]))
            _ = try StateStore(url: scene.stateFile).save(state, now: Date(), expected: nil)
        }
        try spent(95)
        let refused = try await Self.doctor(scene, Self.live(["--yes"]))
        #expect(refused.exitCode == 1, "\(refused.stdout)\n\(refused.stderr)")
        #expect(
            refused.stdout.contains(
                "(heute, UTC, laut Statusdatei schon 95 durch die Synchronisation; die Probe zählt dort nicht mit)"))
        #expect(refused.stdout.contains("Zu wenig Tagesbudget übrig: nichts angelegt."))
        #expect(await scene.simulator.servedCalls().allSatisfy { $0.method == "GET" || $0.path == "/oauth/token" })

        try spent(94)
        let ran = try await Self.doctor(scene, Self.live(["--yes"]))
        #expect(ran.exitCode == 0, "\(ran.stdout)\n\(ran.stderr)")
        #expect(ran.stdout.contains("schon 94 durch die Synchronisation"))
        #expect(await scene.meetings().isEmpty)
    }

    @Test func oneProbeAtATime() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let lockURL = URL(fileURLWithPath: scene.stateFile.path + ".doctor-live.lock")
        let held = try RunLock.acquire(lockURL)
        let refused = try await Self.doctor(scene, Self.live(["--yes"]))
        held.release()
        #expect(refused.exitCode == 1, "\(refused.stdout)\n\(refused.stderr)")
        #expect(refused.stdout.contains("Eine andere doctor --live-Probe läuft gerade"))
        #expect(await scene.simulator.servedCalls().allSatisfy { $0.method == "GET" || $0.path == "/oauth/token" })
        let ran = try await Self.doctor(scene, Self.live(["--yes"]))
        #expect(ran.exitCode == 0, "\(ran.stdout)\n\(ran.stderr)")
    }

    @Test func missingScopesStopTheProbeBeforeAnythingIsCreated() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        await scene.simulator.grantScopes(["meeting:read:admin", "user:read:admin"])
        let result = try await Self.doctor(scene, Self.live(["--yes", "--language", "en"]))
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        let line = try #require(Self.line(result, step: "token"))
        #expect(
            line.hasPrefix("ERROR       token:") && line.contains("The Zoom app lacks scopes: meeting:write:admin"),
            "\(line)")
        #expect(Self.line(result, step: "host") == nil)
        #expect(Self.line(result, step: "cleanup") == "OK          cleanup: Cleaned up: the probe created nothing")
        #expect(await scene.meetings().isEmpty)
    }

    @Test func liveNeedsAHost() async throws {
        let result = try CLIRunner.run(["doctor", "--live"])
        #expect(result.exitCode == 64, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("--live needs --host"))
    }

    @Test func withWebinarsTheHostsWebinarLicenceIsCheckedToo() async throws {
        let scene = try await SyncScene.start(users: [
            SimulatedUser(email: SyncScene.trainer, type: 2, firstName: "Maria", lastName: "Berger", webinar: true)
        ])
        defer { Task { await scene.stop() } }
        _ = try scene.dir.write("semco-zoom.yaml", "zoom:\n  kind: webinar\n")
        let result = try await Self.doctor(scene, Self.live(["--yes"]))
        #expect(result.exitCode == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(
            Self.line(result, step: "host-webinar")?.hasPrefix(
                "OK          host-webinar: Moderator hat eine Webinar-Lizenz") == true, "\(result.stdout)")
        #expect(
            await scene.simulator.servedCalls().contains {
                $0.method == "POST" && $0.path.hasSuffix("/meetings") && $0.status == 201
            })

        await scene.simulator.rewrite(
            SimulatedRewrite(
                method: "GET", pathPrefix: "/v2/users/", pathContains: "/settings",
                edits: [.set("feature.webinar", json: nil)]))
        let differing = try await Self.doctor(scene, Self.live(["--yes"]))
        #expect(differing.exitCode == 1)
        let line = try #require(Self.line(differing, step: "host-webinar"), "\(differing.stdout)")
        #expect(line.hasPrefix("ABWEICHUNG  host-webinar:") && line.contains("[Annahme webinar-licence"), "\(line)")
        #expect(await scene.meetings().isEmpty)
    }

    // MARK: Faults

    @Test(arguments: DoctorLiveFault.all)
    func aStepUnderItsFaultDisagreesAndTheProbeStillCleansUp(_ fault: DoctorLiveFault) async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        for rewrite in fault.rewrites { await scene.simulator.rewrite(rewrite) }
        let result = try await Self.doctor(scene, Self.live(["--yes"]))
        #expect(result.exitCode == 1, "\(fault.step): \(result.stdout)\n\(result.stderr)")
        let line = try #require(Self.line(result, step: fault.step), "no line for \(fault.step):\n\(result.stdout)")
        #expect(line.hasPrefix("ABWEICHUNG  "), "\(line)")
        #expect(line.contains("[Annahme \(fault.assumption)"), "\(line)")
        let others = Self.lines(result).filter { $0.hasPrefix("ABWEICHUNG") || $0.hasPrefix("FEHLER") }
        #expect(others.count == 1, "only \(fault.step) disagrees:\n\(others.joined(separator: "\n"))")
        #expect(Self.line(result, step: "cleanup")?.hasPrefix("OK") == true, "\(result.stdout)")
        #expect(await scene.meetings().isEmpty, "left behind under the \(fault.step) fault")
        let contract = try Self.contract(scene)
        #expect(contract["all_agree"] as? Bool == false)
        let step = try #require((contract["steps"] as? [[String: Any]])?.first { $0["id"] as? String == fault.step })
        #expect(step["agree"] as? Bool == false)
        let compared = step["compared"] as? [[String: Any]] ?? []
        #expect(
            compared.contains { $0["agree"] as? Bool == false && $0["assumption"] as? String == fault.assumption },
            "\(compared)")
    }

    @Test func aLeftoverListedWithoutItsAgendaIsStillFoundAndTheListIsReportedAsDiffering() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let client = HTTPZoomClient.overCurl(
            settings: ZoomClientSettings(
                apiURL: scene.simulator.apiURL, oauthURL: scene.simulator.oauthURL,
                credentials: ZoomCredentials(
                    accountID: "sim-account", clientID: "sim-client", clientSecret: SyncScene.secret)))
        let leftover = try await client.createMeeting(
            host: Self.host,
            MeetingChange(
                topic: "semco-zoom Verbindungstest (doctor --live), wird gleich gelöscht", kind: .meeting,
                startTime: "2027-11-03T10:00:00",
                timezone: "Europe/Berlin", duration: 60,
                agenda: "[semco-zoom doctor --live 20261206T000000Z-dead] Von semco-zoom"), context: .none)
        await scene.simulator.rewrite(
            SimulatedRewrite(
                method: "GET", pathPrefix: "/v2/users/", pathContains: "/meetings",
                edits: [.set("meetings.*.agenda", json: nil)]))
        let result = try await Self.doctor(scene, Self.live(["--yes"]))
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        let line = try #require(Self.line(result, step: "leftovers"))
        #expect(
            line.hasPrefix(
                "ABWEICHUNG  leftovers: 1 Meeting(s) einer früheren, abgebrochenen Probe gefunden und gelöscht: \(leftover.id)"
            ), "\(line)")
        #expect(line.contains("[Annahme meeting-list"), "\(line)")
        #expect(await scene.meetings().isEmpty)
    }

    // MARK: Signals and kills

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalMidProbeStillDeletesEverything(_ signalNumber: Int32) async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        // The occurrence move waits in the simulator, unanswered, until the test lets it go (and
        // so does its retry, should the client time out on a loaded machine).
        let hold = await scene.simulator.hold(method: "PATCH", pathPrefix: "/v2/meetings/", every: true)
        let child = try Self.start(scene, Self.live(["--yes"]))
        await hold.waitUntilHolding()
        #expect(await scene.meetings().count == 1)
        kill(child.pid, signalNumber)
        // The probe gives up waiting for the held call and cleans up while it is still held.
        let result = await child.wait()
        hold.release()
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        let name = signalNumber == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(result.stderr.contains("\(name) erhalten: die Probe bricht ab und löscht ihre Testmeetings"))
        #expect(result.stdout.contains("FEHLER      interrupted: Probe durch \(name) abgebrochen"))
        #expect(
            Self.line(result, step: "cleanup")?.hasPrefix(
                "OK          cleanup: Aufgeräumt: 1 Meeting(s) der Probe gelöscht") == true, "\(result.stdout)")
        #expect(Self.line(result, step: "patch-topic") == nil, "steps after the signal ran:\n\(result.stdout)")
        #expect(await scene.meetings().isEmpty)
        let contract = try Self.contract(scene)
        #expect(contract["interrupted"] as? String == name)
    }

    @Test func aKilledProbesMeetingsAreDeletedByTheNextAndNothingElseIsTouched() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        // Two meetings of the host that are not the probe's: a course meeting and a private one.
        let client = HTTPZoomClient.overCurl(
            settings: ZoomClientSettings(
                apiURL: scene.simulator.apiURL, oauthURL: scene.simulator.oauthURL,
                credentials: ZoomCredentials(
                    accountID: "sim-account", clientID: "sim-client", clientSecret: SyncScene.secret)))
        for agenda in ["[SEMCO 10062] Narkose", "Team meeting"] {
            _ = try await client.createMeeting(
                host: Self.host,
                MeetingChange(
                    topic: agenda, kind: .meeting, startTime: "2027-11-03T10:00:00", timezone: "Europe/Berlin",
                    duration: 60,
                    agenda: agenda), context: .none)
        }
        let hold = await scene.simulator.hold(method: "PATCH", pathPrefix: "/v2/meetings/", every: true)
        let child = try Self.start(scene, Self.live(["--yes"]))
        await hold.waitUntilHolding()
        child.killHard()
        _ = await child.wait()
        hold.release()
        let left = await scene.meetings().filter { $0.agenda?.hasPrefix("[semco-zoom doctor --live ") == true }
        #expect(left.count == 1)

        let second = try await Self.doctor(scene, Self.live(["--yes"]))
        #expect(second.exitCode == 0, "\(second.stdout)\n\(second.stderr)")
        let line = try #require(Self.line(second, step: "leftovers"))
        #expect(
            line.hasPrefix(
                "OK          leftovers: 1 Meeting(s) einer früheren, abgebrochenen Probe gefunden und gelöscht: \(left[0].id)"
            ), "\(line)")
        let remaining = await scene.meetings()
        #expect(
            remaining.map(\.agenda).sorted { ($0 ?? "") < ($1 ?? "") } == ["Team meeting", "[SEMCO 10062] Narkose"])
        #expect(remaining.allSatisfy { $0.topic == $0.agenda })
    }
}

/// A fault for one step: the rewrites that make the simulator answer that step's calls as
/// Zoom might, and the assumption of docs/SIMULATOR.md the disagreement must name.
struct DoctorLiveFault: Sendable, CustomTestStringConvertible {
    var step: String
    var assumption: String
    var rewrites: [SimulatedRewrite]
    var testDescription: String { step }

    /// The i-th (0-based) `GET /meetings/{id}` the probe sends (the client always asks for previous occurrences).
    static func meetingRead(_ skip: Int, _ edits: [SimulatedRewrite.Edit]) -> SimulatedRewrite {
        SimulatedRewrite(
            method: "GET", pathPrefix: "/v2/meetings/", queryContains: "show_previous_occurrences", skip: skip,
            edits: edits)
    }

    static func registrantAdd(_ skip: Int, _ edits: [SimulatedRewrite.Edit]) -> SimulatedRewrite {
        SimulatedRewrite(
            method: "POST", pathPrefix: "/v2/meetings/", pathContains: "/registrants", skip: skip, edits: edits)
    }

    static let all: [DoctorLiveFault] = [
        .init(
            step: "oauth-bad-account", assumption: "oauth-invalid-account",
            rewrites: [
                SimulatedRewrite(
                    method: "POST", pathPrefix: "/oauth/token", queryContains: "no-such-account",
                    edits: [
                        .status(200),
                        .body(#"{"access_token":"x","token_type":"bearer","expires_in":3600,"scope":""}"#),
                    ])
            ]),
        .init(
            step: "token", assumption: "token-answer",
            rewrites: [
                SimulatedRewrite(
                    method: "POST", pathPrefix: "/oauth/token", queryContains: "account_id=sim-account", skip: 1,
                    edits: [.set("token_type", json: #""mac""#)])
            ]),
        .init(
            step: "host", assumption: "user-licence",
            rewrites: [
                SimulatedRewrite(method: "GET", pathPrefix: "/v2/users/", edits: [.set("type", json: "3")])
            ]),
        .init(
            step: "token-second", assumption: "token-old-stays-valid",
            rewrites: [
                SimulatedRewrite(
                    method: "GET", pathPrefix: "/v2/users/", skip: 1,
                    edits: [.status(401), .body(#"{"code":124,"message":"Invalid access token."}"#)])
            ]),
        .init(
            step: "create-series", assumption: "occurrences-wall-clock",
            rewrites: [
                SimulatedRewrite(
                    method: "POST", pathPrefix: "/v2/users/",
                    edits: [.shiftTimes("occurrences.2.start_time", seconds: 3600)])
            ]),
        .init(
            step: "create-series", assumption: "settings-echo",
            rewrites: [
                SimulatedRewrite(
                    method: "POST", pathPrefix: "/v2/users/",
                    edits: [.set("settings.registrants_email_notification", json: "true")])
            ]),
        .init(
            step: "list-meetings", assumption: "meeting-list",
            rewrites: [
                SimulatedRewrite(
                    method: "GET", pathPrefix: "/v2/users/", pathContains: "/meetings", skip: 1,
                    edits: [.set("meetings.*.agenda", json: nil)])
            ]),
        .init(
            step: "move-occurrence", assumption: "occurrence-patch",
            rewrites: [
                meetingRead(1, [.shiftTimes("occurrences.1.start_time", seconds: -3600)])
            ]),
        .init(
            step: "delete-occurrence", assumption: "occurrence-delete",
            rewrites: [
                meetingRead(2, [.set("occurrences.2.status", json: #""available""#)])
            ]),
        .init(
            step: "patch-deleted-occurrence", assumption: "occurrence-patch-deleted",
            rewrites: [
                SimulatedRewrite(
                    method: "PATCH", pathPrefix: "/v2/meetings/", queryContains: "occurrence_id", skip: 1,
                    edits: [.status(204), .body(nil)])
            ]),
        .init(
            step: "patch-topic", assumption: "series-patch-keeps-occurrences",
            rewrites: [
                meetingRead(3, [.shiftTimes("occurrences.1.start_time", seconds: -3600)])
            ]),
        .init(
            step: "patch-duration", assumption: "series-patch-recomputes",
            rewrites: [
                meetingRead(4, [.shiftTimes("occurrences.1.start_time", seconds: 3600)])
            ]),
        .init(
            step: "add-registrant", assumption: "registrant-add",
            rewrites: [
                registrantAdd(0, [.set("join_url", json: #""https://example.invalid/w/1?tk=x""#)])
            ]),
        .init(
            step: "list-registrants", assumption: "registrant-lists",
            rewrites: [
                SimulatedRewrite(
                    method: "GET", pathPrefix: "/v2/meetings/", queryContains: "status=approved",
                    edits: [.set("registrants.*.join_url", json: nil)])
            ]),
        .init(
            step: "page-token", assumption: "page-token-invalid",
            rewrites: [
                SimulatedRewrite(
                    method: "GET", pathPrefix: "/v2/meetings/", queryContains: "next_page_token",
                    edits: [
                        .status(200),
                        .body(#"{"page_size":300,"total_records":0,"next_page_token":"","registrants":[]}"#),
                    ])
            ]),
        .init(
            step: "cancel-registrant", assumption: "cancel-to-denied",
            rewrites: [
                SimulatedRewrite(
                    method: "GET", pathPrefix: "/v2/meetings/", queryContains: "status=denied", skip: 1,
                    edits: [.set("registrants", json: "[]")])
            ]),
        .init(
            step: "readd-denied", assumption: "readd-denied",
            rewrites: [
                registrantAdd(1, [.status(201), .body(#"{"id":1,"registrant_id":"abc","topic":"x"}"#)])
            ]),
        .init(
            step: "approve-registrant", assumption: "approve-denied",
            rewrites: [
                SimulatedRewrite(
                    method: "GET", pathPrefix: "/v2/meetings/", queryContains: "status=approved", skip: 4,
                    edits: [.set("registrants", json: "[]")])
            ]),
        .init(
            step: "readd-active", assumption: "readd-active",
            rewrites: [
                registrantAdd(2, [.set("registrant_id", json: #""someone-else""#)])
            ]),
        .init(
            step: "create-single", assumption: "settings-echo",
            rewrites: [
                SimulatedRewrite(
                    method: "POST", pathPrefix: "/v2/users/", skip: 1,
                    edits: [.set("settings.approval_type", json: "0")])
            ]),
        .init(
            step: "batch-registrants", assumption: "batch-registration",
            rewrites: [
                SimulatedRewrite(
                    method: "POST", pathPrefix: "/v2/meetings/", pathContains: "/batch_registrants",
                    edits: [.set("registrants.*.join_url", json: nil)])
            ]),
        .init(
            step: "delete-meetings", assumption: "delete-without-reminder",
            rewrites: [
                SimulatedRewrite(method: "DELETE", pathPrefix: "/v2/meetings/", skip: 1, edits: [.status(200)])
            ]),
        .init(
            step: "get-deleted", assumption: "deleted-meeting-gone",
            rewrites: [
                meetingRead(5, [.set("code", json: "1001")])
            ]),
        .init(
            step: "rate-limit-headers", assumption: "rate-limit-headers",
            rewrites: [
                SimulatedRewrite(
                    method: "GET", pathPrefix: "/v2/users/",
                    edits: [
                        .headers([
                            "X-RateLimit-Category": "Heavy", "X-RateLimit-Type": "QPS", "X-RateLimit-Limit": "10",
                            "X-RateLimit-Remaining": "9",
                        ])
                    ])
            ]),
    ]
}
