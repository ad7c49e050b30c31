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

    }
}
