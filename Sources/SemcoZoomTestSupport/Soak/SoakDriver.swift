import Foundation
import SemcoZoomCore
import ZoomSimulator

/// One soak case: a seed, a number of nights and which kinds of trouble are switched on.
/// Everything random comes from the seed, so a case replays the same SEMCO edits, Zoom edits,
/// faults and kill points (the timing of the child process is the only thing not replayed).
public struct SoakCase: Sendable, Equatable, CustomStringConvertible {
    public var seed: UInt64
    public var nights: Int
    /// Random edits per night at most (besides a new course now and then and time passing).
    public var maxEdits: Int = 6
    public var faults = true
    public var kills = true
    public var zoomEdits = true
    public var truncation = true
    /// The nights run with `zoom.kind: webinar` (hosts holding the webinar add-on) instead of meetings.
    public var webinars = false

    public init(seed: UInt64, nights: Int) {
        self.seed = seed
        self.nights = nights
    }

    /// `SOAK_SEED`, `SOAK_NIGHTS`, and for replaying a shrunk case `SOAK_MAX_EDITS`,
    /// `SOAK_FAULTS`, `SOAK_KILLS`, `SOAK_ZOOM_EDITS`, `SOAK_TRUNCATION`, `SOAK_WEBINARS` (0/1).
    public static func fromEnvironment(_ environment: [String: String], defaultSeed: UInt64, defaultNights: Int)
        -> SoakCase
    {
        var soak = SoakCase(
            seed: environment["SOAK_SEED"].flatMap { UInt64($0) } ?? defaultSeed,
            nights: environment["SOAK_NIGHTS"].flatMap { Int($0) } ?? defaultNights)
        if let value = environment["SOAK_MAX_EDITS"].flatMap({ Int($0) }) { soak.maxEdits = value }
        func flag(_ key: String, _ current: Bool) -> Bool { environment[key].map { $0 != "0" } ?? current }
        soak.faults = flag("SOAK_FAULTS", soak.faults)
        soak.kills = flag("SOAK_KILLS", soak.kills)
        soak.zoomEdits = flag("SOAK_ZOOM_EDITS", soak.zoomEdits)
        soak.truncation = flag("SOAK_TRUNCATION", soak.truncation)
        soak.webinars = flag("SOAK_WEBINARS", soak.webinars)
        return soak
    }

    /// The environment line that replays this case.
    public var description: String {
        "SOAK_SEED=\(seed) SOAK_NIGHTS=\(nights) SOAK_MAX_EDITS=\(maxEdits) SOAK_FAULTS=\(faults ? 1 : 0) SOAK_KILLS=\(kills ? 1 : 0) "
            + "SOAK_ZOOM_EDITS=\(zoomEdits ? 1 : 0) SOAK_TRUNCATION=\(truncation ? 1 : 0)"
            + (webinars ? " SOAK_WEBINARS=1" : "")
    }
}

public struct SoakViolation: Sendable, CustomStringConvertible {
    public var night: Int
    public var what: String
    public var description: String { "night \(night): \(what)" }
}

public struct SoakStatistics: Sendable {
    public var nights = 0
    public var runs = 0
    public var faultsInjected = 0
    public var kills = 0
    public var zoomEdits = 0
    public var truncatedExports = 0
    public var massCancelRefusals = 0
    public var strictNights = 0
    public var exitCodes: [Int32: Int] = [:]
    public var meetingsAtEnd = 0
    /// Of the meetings at the end, the webinars (a `SOAK_WEBINARS=1` case has only those).
    public var webinarsAtEnd = 0
    public var registrantsAtEnd = 0
    /// Retention: the most courses the state held as forgotten stubs, its largest size, and the
    /// folders each area held after the last checked night.
    public var forgottenCourses = 0
    public var largestStateBytes = 0
    public var retainedFolders: [String: Int] = [:]

    public var summary: String {
        "nights \(nights), sync runs \(runs), faults injected \(faultsInjected), kills \(kills), Zoom edits \(zoomEdits), "
            + "truncated exports \(truncatedExports) (guard refused \(massCancelRefusals)), strict (calm) nights \(strictNights), "
            + "exit codes \(exitCodes.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")), "
            + "meetings at end \(meetingsAtEnd)\(webinarsAtEnd > 0 ? " (webinars \(webinarsAtEnd))" : ""), "
            + "approved registrants at end \(registrantsAtEnd), "
            + "forgotten courses \(forgottenCourses), largest state \(largestStateBytes) bytes, folders kept "
            + retainedFolders.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: " ")
    }
}

public struct SoakResult: Sendable {
    public var soakCase: SoakCase
    public var violations: [SoakViolation]
    /// What happened each night (edits, faults, runs), for the failure report.
    public var log: [String]
    public var statistics: SoakStatistics
    public var failed: Bool { !violations.isEmpty }
    public var firstFailingNight: Int? { violations.map(\.night).min() }
}

/// Runs simulated nights: SEMCO edits → CSV exports in a real drop directory → Zoom edits and
/// faults in an in-process simulator → the real `semco-zoom sync` process (sometimes killed
/// with SIGKILL and run again) → invariants. Stops at the first night with a violation.
public enum SoakDriver {
    static let secretPrefix = "soak-secret-"

    public static func run(_ soak: SoakCase, progress: @Sendable (String) -> Void = { _ in }) async throws -> SoakResult
    {
        let night = try await Night.Context.start(soak)
        // SOAK_KEEP=1 keeps the folder (drop, state, runs/) of a failing case for a look.
        let keep = ProcessInfo.processInfo.environment["SOAK_KEEP"] == "1"
        defer { if keep { progress("soak folder kept: \(night.dir.path)") } else { night.dir.remove() } }
        do {
            for n in 0..<soak.nights {
                try await night.run(n)
                if n % 25 == 24 {
                    progress("soak \(soak.seed): night \(n + 1)/\(soak.nights) — \(night.statistics.summary)")
                }
                if !night.violations.isEmpty { break }
            }
        } catch {
            night.violations.append(SoakViolation(night: night.statistics.nights, what: "harness error: \(error)"))
        }
        await night.finishStatistics()
        await night.simulator.stop()
        return SoakResult(soakCase: soak, violations: night.violations, log: night.log, statistics: night.statistics)
    }

    /// Shrinks a failing case: fewer nights (up to the first failing one), then trouble
    /// switched off kind by kind and fewer edits per night, as long as it still fails.
    public static func shrink(
        _ failing: SoakResult, maxAttempts: Int = 8,
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> SoakResult {
        var best = failing
        if let night = failing.firstFailingNight, night + 1 < failing.soakCase.nights {
            var shorter = failing.soakCase
            shorter.nights = night + 1
            let result = try await run(shorter)
            if result.failed { best = result }
        }
        var attempts = 0
        var candidates: [(String, (inout SoakCase) -> Void)] = [
            ("no kills", { $0.kills = false }), ("no faults", { $0.faults = false }),
            ("no Zoom edits", { $0.zoomEdits = false }), ("no truncation", { $0.truncation = false }),
            ("fewer edits", { $0.maxEdits = $0.maxEdits / 2 }), ("far fewer edits", { $0.maxEdits = $0.maxEdits / 4 }),
        ]
        while !candidates.isEmpty, attempts < maxAttempts {
            let (name, change) = candidates.removeFirst()
            var candidate = best.soakCase
            change(&candidate)
            if candidate == best.soakCase { continue }
            attempts += 1
            progress("shrink: trying \(name): \(candidate)")
            let result = try await run(candidate)
            if result.failed {
                var trimmed = result
                if let night = result.firstFailingNight {
                    trimmed.soakCase.nights = min(result.soakCase.nights, night + 1)
                }
                best = trimmed
            }
        }
        return best
    }

    /// The failure message: the seed, the minimal case to replay, its violations and edits.
    public static func report(original: SoakResult, minimal: SoakResult) -> String {
        var text =
            "Soak failed (seed \(original.soakCase.seed)): \(original.violations.count) invariant violation(s) in night "
            + "\(original.firstFailingNight ?? -1).\n"
        text += "Minimal failing case — replay with:\n  \(minimal.soakCase) swift test --filter SemcoZoomSoakTests\n"
        text += "  (or scripts/soak.sh --seed \(minimal.soakCase.seed) --nights \(minimal.soakCase.nights))\n"
        text +=
            "Violations of the minimal case:\n"
            + minimal.violations.prefix(20).map { "  - \($0)" }.joined(separator: "\n") + "\n"
        text += "Edits, faults and runs of the minimal case:\n" + minimal.log.map { "  " + $0 }.joined(separator: "\n")
        return text
    }
}

// MARK: - One night

enum Night {
    final class Context {
        let soak: SoakCase
        let dir: TemporaryDirectory
        let simulator: ZoomSimulator
        let secret: String
        let baseDay: SoakDay
        var semco = SoakSEMCO()
        var dataRNG: SoakRNG
        var zoomRNG: SoakRNG
        var faultRNG: SoakRNG
        var killRNG: SoakRNG
        var truncRNG: SoakRNG
        var violations: [SoakViolation] = []
        var log: [String] = []
        var statistics = SoakStatistics()
        var lastSerial = 0
        var seenRunFolders: Set<String> = []
        /// The last snapshot a run accepted (the drop directory falls back to it).
        var accepted: SoakSEMCO?

        var drop: URL { dir.url.appendingPathComponent("drop") }
        var stateFile: URL { dir.url.appendingPathComponent("state/state.json") }

        init(soak: SoakCase, dir: TemporaryDirectory, simulator: ZoomSimulator, secret: String) {
            self.soak = soak
            self.dir = dir
            self.simulator = simulator
            self.secret = secret
            baseDay = SoakDay(year: 2027, month: 1, day: 4) + Int(soak.seed % 180)
            dataRNG = SoakRNG(seed: soak.seed, stream: 1)
            zoomRNG = SoakRNG(seed: soak.seed, stream: 2)
            faultRNG = SoakRNG(seed: soak.seed, stream: 3)
            killRNG = SoakRNG(seed: soak.seed, stream: 4)
            truncRNG = SoakRNG(seed: soak.seed, stream: 5)
        }

        static func start(_ soak: SoakCase) async throws -> Context {
            let dir = try TemporaryDirectory(prefix: "semco-zoom-soak")
            try FileManager.default.createDirectory(
                at: dir.url.appendingPathComponent("drop"), withIntermediateDirectories: true)
            // The binary runs in the case's folder and reads its config file from there. Co-trainers
            // as alternative hosts: every course's other trainer (both, when the Kursbetreuer
            // hosts) must be an alternative host of its meeting (SoakInvariants).
            _ = try dir.write(
                "semco-zoom.yaml", "alternative_hosts: trainers\n" + (soak.webinars ? "zoom:\n  kind: webinar\n" : ""))
            var configuration = SimulatorConfiguration()
            configuration.autoCreateUsers = true
            configuration.autoCreatedUsersHoldWebinar = soak.webinars
            configuration.enforceRateLimits = true
            configuration.clientSecret = SoakDriver.secretPrefix + String(soak.seed, radix: 16) + "-x7Qp"
            let simulator = try await ZoomSimulator.start(configuration)
            return Context(soak: soak, dir: dir, simulator: simulator, secret: configuration.clientSecret)
        }

        func environment(at date: Date) -> [String: String] {
            [
                "ZOOM_API_URL": simulator.apiURL.absoluteString,
                "ZOOM_OAUTH_URL": simulator.oauthURL.absoluteString,
                "ZOOM_ACCOUNT_ID": "sim-account",
                "ZOOM_CLIENT_ID": "sim-client",
                "ZOOM_CLIENT_SECRET": secret,
                ClockOverride.environmentKey: ISO8601DateFormatter().string(from: date),
            ]
        }

        func violation(_ night: Int, _ what: String) {
            violations.append(SoakViolation(night: night, what: what))
        }

        func finishStatistics() async {
            let meetings = await simulator.snapshot().meetings
            statistics.meetingsAtEnd = meetings.count
            statistics.webinarsAtEnd = meetings.filter(\.isWebinar).count
            statistics.registrantsAtEnd = meetings.reduce(0) {
                $0 + $1.registrants.filter { $0.status == "approved" }.count
            }
        }

        // MARK: The night

        func run(_ n: Int) async throws {
            statistics.nights += 1
            let today = baseDay + n
            let at = today.utc(hour: 21, minute: 30)
            await simulator.clearFaults()
            await simulator.setLatency(0)
            await simulator.advanceClock(by: at.timeIntervalSince(await simulator.now()))
            var calm = true

            // Someone works directly in Zoom during the day.
            if soak.zoomEdits, zoomRNG.chance(0.15) {
                calm = false
                try await zoomEdit(n, at: at)
            }

            // SEMCO changes; the export job drops the files at 22:00.
            let edits = semco.edit(today: today, count: dataRNG.int(0...soak.maxEdits), rng: &dataRNG)
            log.append("night \(n) \(today): " + (edits.isEmpty ? "no edits" : edits.joined(separator: " | ")))
            let truncate = soak.truncation && truncRNG.chance(0.05)
            let full = semco.exports()
            if truncate {
                calm = false
                statistics.truncatedExports += 1
                let cut = semco.exports(keepBookings: 0.1)
                try write(cut, stamp: today.stamp + "_2200")
                log.append(
                    "  bookings export truncated to \(cut.exported.bookings.count) of \(full.exported.bookings.count) rows"
                )
                let prediction = predictGuard(cut.exported, now: at, today: today)
                let result = try await sync(n, at: at, killAt: nil, faults: false)
                statistics.exitCodes[result.exit, default: 0] += 1
                switch (prediction, result.exit) {
                case (.trips, 4), (.unsure, 4):
                    statistics.massCancelRefusals += 1
                    try await checkRefused(n, result: result)
                case (.trips, _):
                    violation(
                        n,
                        "a truncated export that cancels most registrants was not refused by the mass-cancel guard "
                            + "(exit \(result.exit)); report \(result.reportPath ?? "-")")
                    return
                case (.safe, 4):
                    violation(n, "the mass-cancel guard refused an export that cancels only a few registrants")
                    return
                default:
                    // Applied as a legitimate (small) change: it is now the accepted snapshot.
                    accepted = cut.exported
                    try await check(n, result: result, exported: cut.exported, at: at, today: today, strict: false)
                }
                if !violations.isEmpty { return }
            }
            // The complete export (again, after a truncated one: newer files win). Now and then the
            // export is filtered and misses a course that has a meeting: it must be left alone.
            var final = full
            var omitted: Int?
            if soak.truncation, truncRNG.chance(0.04),
                let pick = truncRNG.pick(
                    full.exported.courses.filter {
                        if case .meeting = SoakExpectation.expected(
                            $0, bookings: full.exported.bookings, now: at, today: today)
                        {
                            return true
                        }
                        return false
                    }.map(\.number))
            {
                omitted = pick
                final = semco.exports(omitting: pick)
                calm = false
                log.append("  course \(pick) is missing from tonight's course export")
            }
            try write(final, stamp: today.stamp + (truncate ? "_2201" : "_2200"))

            // The kill point comes from the night's plan, made before any fault is armed.
            let mayKill = soak.kills && killRNG.chance(0.15)
            let killPoint = mayKill ? try await chooseKillPoint(n) : nil
            if mayKill { calm = false }
            let injected = soak.faults && faultRNG.chance(0.4) ? await injectFaults(at: at) : 0
            if injected > 0 { calm = false }
            let result = try await sync(n, at: at, killAt: killPoint, faults: injected > 0)
            statistics.exitCodes[result.exit, default: 0] += 1
            accepted = final.exported
            if calm { statistics.strictNights += 1 }
            try await check(n, result: result, exported: final.exported, at: at, today: today, strict: calm)
            if let omitted { await checkLeftAlone(n, course: omitted, before: result.zoomBefore) }
        }

        func write(
            _ exports: (courses: String, sessions: String, trainers: String, bookings: String, exported: SoakSEMCO),
            stamp: String
        ) throws {
            try dir.write("drop/kurse_\(stamp).csv", exports.courses)
            try dir.write("drop/kurstermine_\(stamp).csv", exports.sessions)
            try dir.write("drop/trainer_\(stamp).csv", exports.trainers)
            try dir.write("drop/buchungen_\(stamp).csv", exports.bookings)
        }

        // MARK: Zoom edits

        func zoomEdit(_ n: Int, at: Date) async throws {
            let ours = await simulator.snapshot().meetings.filter {
                SoakMeetingView.courseNumber(agenda: $0.agenda) != nil
            }
            guard let meeting = zoomRNG.pick(ours.sorted { $0.id < $1.id }) else { return }
            statistics.zoomEdits += 1
            switch zoomRNG.int(0...7) {
            case 7:
                // An admin gives the meeting another host in Zoom (the guide's way to change the
                // moderator): another of the course's people; the tool takes it over.
                guard let number = SoakMeetingView.courseNumber(agenda: meeting.agenda) else { return }
                let people = [
                    "k\(number)a@trainer.soak.example", "k\(number)b@trainer.soak.example",
                    "k\(number)s@staff.soak.example",
                ].filter { $0 != meeting.hostEmail.lowercased() }
                guard let host = zoomRNG.pick(people) else { return }
                await simulator.addUser(SimulatedUser(email: host, type: 2))
                await simulator.changeHostDirectly(id: meeting.id, hostEmail: host)
                log.append("  Zoom: host of \(meeting.id) changed in Zoom to \(host)")
            case 0:
                await simulator.deleteMeetingDirectly(id: meeting.id)
                log.append("  Zoom: meeting \(meeting.id) (\(meeting.agenda?.prefix(13) ?? "")) deleted in Zoom")
            case 1, 2:
                await simulator.editMeetingDirectly(id: meeting.id, topic: "Geändert in Zoom \(n)")
                log.append("  Zoom: topic of \(meeting.id) changed in Zoom")
            case 3:
                await simulator.editMeetingDirectly(
                    id: meeting.id, topic: nil, agenda: nil, startTime: nil,
                    duration: (meeting.duration ?? 60) + 30)
                log.append("  Zoom: duration of \(meeting.id) changed in Zoom")
            case 4:
                let ahead = meeting.occurrences.filter { $0.status == "available" && $0.startTime > at }
                guard ahead.count > 1, let occurrence = zoomRNG.pick(ahead) else { return }
                await simulator.deleteOccurrenceDirectly(id: meeting.id, occurrenceID: occurrence.occurrenceID)
                log.append("  Zoom: occurrence \(occurrence.occurrenceID) of \(meeting.id) deleted in Zoom")
            default:
                let approved = meeting.registrants.filter { $0.status == "approved" }.sorted { $0.id < $1.id }
                guard let registrant = zoomRNG.pick(approved) else { return }
                await simulator.denyRegistrantDirectly(meetingID: meeting.id, email: registrant.email)
                log.append("  Zoom: registrant <\(registrant.email)> of \(meeting.id) denied in Zoom")
            }
        }

        // MARK: Faults

        func injectFaults(at: Date) async -> Int {
            let count = faultRNG.int(1...3)
            var names: [String] = []
            let formatter = ISO8601DateFormatter()
            for _ in 0..<count {
                let methods: [String?] = [nil, "GET", "POST", "PATCH", "PUT", "DELETE"]
                let prefixes: [String?] = [nil, soak.webinars ? "/v2/webinars/" : "/v2/meetings/", "/v2/users/"]
                let method = faultRNG.pick(methods)!
                let prefix = faultRNG.pick(prefixes)!
                let kind = faultRNG.int(0...9)
                let fault: SimulatedFault
                switch kind {
                case 0, 1:
                    let status = faultRNG.pick([500, 502, 503, 504])!
                    fault = SimulatedFault(
                        method: method, pathPrefix: prefix, count: faultRNG.int(1...3),
                        action: .respond(
                            status: status, body: "{\"code\":\(status),\"message\":\"Internal error\"}", headers: [:]))
                    names.append("\(status)×\(fault.count) \(method ?? "*") \(prefix ?? "*")")
                case 2:
                    fault = SimulatedFault(
                        method: method, pathPrefix: prefix, count: faultRNG.int(1...4),
                        action: .respond(
                            status: 429,
                            body:
                                "{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this API.\"}",
                            headers: [
                                "X-RateLimit-Category": "Light", "X-RateLimit-Type": "QPS", "X-RateLimit-Limit": "30",
                                "X-RateLimit-Remaining": "0",
                                "Retry-After": formatter.string(from: at.addingTimeInterval(1)),
                            ]))
                    names.append("429 QPS×\(fault.count) \(method ?? "*") \(prefix ?? "*")")
                case 3:
                    let midnight = SoakDay(Int(at.timeIntervalSince1970 / 86_400) + 1).utc(hour: 0, minute: 0)
                    let writeMethod = faultRNG.pick(["POST", "PATCH", "PUT"])!
                    fault = SimulatedFault(
                        method: writeMethod, pathPrefix: prefix, count: 1,
                        action: .respond(
                            status: 429,
                            body:
                                "{\"code\":429,\"message\":\"You have reached the maximum daily rate limit for this API.\"}",
                            headers: [
                                "X-RateLimit-Category": "Light", "X-RateLimit-Type": "Daily-limit",
                                "X-RateLimit-Limit": "100",
                                "X-RateLimit-Remaining": "0", "Retry-After": formatter.string(from: midnight),
                            ]))
                    names.append("429 daily \(writeMethod) \(prefix ?? "*")")
                case 4:
                    fault = SimulatedFault(
                        method: method, pathPrefix: prefix ?? "/v2/", count: 1,
                        action: .respond(
                            status: 401, body: "{\"code\":124,\"message\":\"Access token is expired.\"}", headers: [:]))
                    names.append("401/124 token expired \(method ?? "*") \(prefix ?? "/v2/")")
                case 5:
                    fault = SimulatedFault(method: method, pathPrefix: prefix, count: 1, action: .dropConnection)
                    names.append("drop \(method ?? "*") \(prefix ?? "*")")
                case 6:
                    let writeMethod = faultRNG.pick(["POST", "PATCH", "PUT", "DELETE"])!
                    fault = SimulatedFault(
                        method: writeMethod, pathPrefix: prefix, count: 1, action: .dropAfterProcessing)
                    names.append("drop after processing \(writeMethod) \(prefix ?? "*")")
                case 7:
                    fault = SimulatedFault(
                        method: method, pathPrefix: prefix, count: faultRNG.int(1...5), action: .delay(0.2))
                    names.append("delay 0.2 s×\(fault.count) \(method ?? "*") \(prefix ?? "*")")
                case 8:
                    await simulator.setLatency(0.005 * Double(faultRNG.int(1...4)))
                    names.append("latency")
                    continue
                default:
                    fault = SimulatedFault(
                        method: "POST", pathPrefix: "/oauth/token", count: 1,
                        action: .respond(
                            status: 503, body: "{\"code\":503,\"message\":\"Service unavailable\"}", headers: [:]))
                    names.append("503 on /oauth/token")
                }
                await simulator.inject(fault)
            }
            statistics.faultsInjected += count
            log.append("  faults: " + names.joined(separator: ", "))
            return count
        }

        // MARK: Runs

        struct SyncResult {
            var exit: Int32
            var stdout: String
            var stderr: String
            var reportPath: String?
            var outcome: ReportDocument?
            var zoomBefore: SimulatorSnapshot
            var serialBefore: Int
        }

        func sync(_ n: Int, at: Date, killAt killPoint: ServedWriteMatch?, faults: Bool) async throws -> SyncResult {
            let zoomBefore = await simulator.snapshot()
            let serialBefore = lastSerial
            let arguments = ["sync", "--drop", drop.path, "--state", stateFile.path, "--json"]
            if let killPoint { try await killedRun(n, at: killPoint, arguments: arguments) }
            let child = try CLIProcess.start(
                arguments, in: dir.url, environment: environment(at: await simulator.now()))
            statistics.runs += 1
            let result = await child.wait()
            scanSecrets(n, result.stdout + result.stderr, where: "stdout/stderr")
            var reportPath: String?
            var outcome: ReportDocument?
            if let summary = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] {
                reportPath = summary["report"] as? String
                if let code = summary["exitCode"] as? Int, code != Int(result.exitCode) {
                    violation(n, "exit code \(result.exitCode) but the summary says \(code)")
                }
            }
            if let reportPath {
                do {
                    outcome = try ReportDocument.makeDecoder().decode(
                        ReportDocument.self, from: Data(contentsOf: URL(fileURLWithPath: reportPath)))
                } catch {
                    violation(n, "report.json does not parse: \(error)")
                }
            } else {
                violation(
                    n,
                    "the run (exit \(result.exitCode)) wrote no report: \(result.stdout.prefix(400)) \(result.stderr.prefix(400))"
                )
            }
            log.append(
                "  sync exit \(result.exitCode)"
                    + (outcome.map {
                        " applied \($0.counts.actionsApplied) failed \($0.counts.actionsFailed) "
                            + "deferred \($0.counts.actionsDeferred) skipped \($0.counts.actionsSkipped) errors \($0.counts.errors)"
                    } ?? ""))
            return SyncResult(
                exit: result.exitCode, stdout: result.stdout, stderr: result.stderr, reportPath: reportPath,
                outcome: outcome, zoomBefore: zoomBefore, serialBefore: serialBefore)
        }

        // MARK: Mass-cancel guard

        enum GuardPrediction { case trips, safe, unsure }

        /// Counts, per course, the addresses registered now that the snapshot no longer wants.
        func predictGuard(_ exported: SoakSEMCO, now: Date, today: SoakDay) -> GuardPrediction {
            guard let previous = accepted else { return .unsure }
            var total = 0
            var clearly = false
            var borderline = false
            for course in previous.courses {
                guard
                    case .meeting(_, _, let before, _) = SoakExpectation.expected(
                        course, bookings: previous.bookings, now: now, today: today)
                else { continue }
                guard let current = exported.courses.first(where: { $0.number == course.number }),
                    case .meeting(_, _, let after, _) = SoakExpectation.expected(
                        current, bookings: exported.bookings, now: now, today: today)
                else { continue }
                let cancels = before.subtracting(after).count
                total += cancels
                let share = before.isEmpty ? 0 : Double(cancels) / Double(before.count)
                if cancels >= 13 && share >= 0.3 {
                    clearly = true
                } else if cancels > 8 && share > 0.15 {
                    borderline = true
                }
            }
            if clearly || total >= 60 { return .trips }
            if borderline || total > 40 { return .unsure }
            return .safe
        }

        /// A course missing from the export keeps its meeting and registrants as they were.
        func checkLeftAlone(_ n: Int, course: Int, before: SimulatorSnapshot) async {
            let after = await simulator.snapshot()
            func ours(_ s: SimulatorSnapshot) -> [SimMeetingState] {
                s.meetings.filter { SoakMeetingView.courseNumber(agenda: $0.agenda) == course }
            }
            if !Self.sameZoom(ours(before), ours(after)) {
                violation(
                    n, "course \(course) was missing from the export, yet its meeting or registrants changed in Zoom")
            }
        }

        func checkRefused(_ n: Int, result: SyncResult) async throws {
            let after = await simulator.snapshot()
            if !Self.sameZoom(result.zoomBefore.meetings, after.meetings) {
                violation(n, "the mass-cancel guard refused the run but Zoom changed")
            }
            if let serial = try? StateStore(url: stateFile).load().state.serial, serial != result.serialBefore,
                FileManager.default.fileExists(atPath: stateFile.path)
            {
                violation(
                    n,
                    "the mass-cancel guard refused the run but the state changed (serial \(result.serialBefore) → \(serial))"
                )
            }
            let left =
                (try? FileManager.default.contentsOfDirectory(atPath: drop.path).filter { $0.hasSuffix(".csv") }.count)
                ?? 0
            if left != 4 {
                violation(n, "after a refused run the 4 export files must stay in the drop directory, found \(left)")
            }
            if result.outcome?.massCancel?.tripped != true {
                violation(n, "exit 4 without a tripped mass-cancel guard in report.json")
            }
            log.append("  mass-cancel guard refused the truncated export (exit 4)")
        }

        static func sameZoom(_ a: [SimMeetingState], _ b: [SimMeetingState]) -> Bool {
            func key(_ s: [SimMeetingState]) -> [String] {
                s.map { m in
                    "\(m.id) \(m.topic) \(m.startTime?.timeIntervalSince1970 ?? 0) \(m.duration ?? 0) "
                        + m.occurrences.map { "\($0.occurrenceID):\($0.status):\($0.startTime.timeIntervalSince1970)" }
                        .joined(separator: ",")
                        + m.registrants.map { "\($0.id):\($0.email):\($0.status)" }.sorted().joined(separator: ",")
                }.sorted()
            }
            return key(a) == key(b)
        }

        // MARK: Secrets

        func scanSecrets(_ n: Int, _ text: String, where place: String) {
            if text.contains(secret) { violation(n, "the client secret appears in \(place)") }
            if text.range(of: #"sim\.[A-Za-z0-9]{48}"#, options: .regularExpression) != nil {
                violation(n, "an access token the simulator issued appears in \(place)")
            }
            if text.range(of: "Bearer ", options: .caseInsensitive) != nil {
                violation(n, "a bearer header appears in \(place)")
            }
        }

        func scanFiles(_ n: Int) {
            var files = [stateFile, stateFile.appendingPathExtension("bak")]
            let runs = stateFile.deletingLastPathComponent().appendingPathComponent("runs")
            for folder in (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
            where !seenRunFolders.contains(folder) {
                seenRunFolders.insert(folder)
                let base = runs.appendingPathComponent(folder)
                if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) {
                    for case let url as URL in walker { files.append(url) }
                }
            }
            for file in files {
                guard let data = try? Data(contentsOf: file) else { continue }
                scanSecrets(n, String(decoding: data, as: UTF8.self), where: file.path)
                if let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
                    let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0
                {
                    violation(n, "\(file.lastPathComponent) is readable by others (mode \(String(mode, radix: 8)))")
                }
            }
        }
    }
}
