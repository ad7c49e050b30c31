import Foundation
import SemcoZoomCore
import ZoomSimulator

/// Where a night's run is killed: at a write the run will make, named by what it hits (write
/// kind, course, ordinal among that course's writes of the kind), never by a count of calls. The
/// night's plan (`semco-zoom plan`, which writes nothing) lists the writes; the kill stream picks
/// one. Since the plan depends only on the exports, the state and Zoom, a case's seed and knobs
/// replay the same kill point however the run's concurrent requests interleave.
extension Night.Context {
    /// The writes of each report action kind, as the simulator tells them apart.
    static func writeKinds(_ kind: ReportAction.Kind) -> Set<SimulatedWriteKind>? {
        switch kind {
        case .createMeeting: return [.createMeeting]
        case .updateMeeting: return [.patchMeeting]
        case .moveOccurrence: return [.moveOccurrence]
        case .deleteOccurrence: return [.deleteOccurrence]
        case .deleteMeeting: return [.deleteMeeting]
        // One report row per add call: a single add or a batch.
        case .addRegistrant: return [.addRegistrant, .addRegistrants]
        case .approveRegistrant, .approveAdded: return [.approveRegistrant]
        case .cancelRegistrant: return [.cancelRegistrant]
        case .adoptMeeting, .refreshRegistrants, .forgetMeeting, .closeCourse, .handToImport, .other: return nil
        }
    }

    /// Plans the night (no faults are armed yet) and picks one of its writes; nil when it has none.
    func chooseKillPoint(_ n: Int) async throws -> ServedWriteMatch? {
        let arguments = ["plan", "--drop", drop.path, "--state", stateFile.path, "--json"]
        let result = try await CLIProcess.run(
            arguments, in: dir.url, environment: environment(at: await simulator.now()))
        scanSecrets(n, result.stdout + result.stderr, where: "stdout/stderr of the kill point's plan")
        guard let summary = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            let path = summary["report"] as? String,
            let report = try? ReportDocument.makeDecoder().decode(
                ReportDocument.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        else {
            log.append("  no kill point: the plan (exit \(result.exitCode)) wrote no report")
            return nil
        }
        var writes: [ServedWriteMatch] = []
        var seen: [String: Int] = [:]
        for action in report.actions {
            guard let kinds = Self.writeKinds(action.kind), let course = Int(action.course) else { continue }
            let key = "\(course) \(kinds.map(\.rawValue).sorted())"
            seen[key, default: 0] += 1
            writes.append(ServedWriteMatch(kinds, course: course, ordinal: seen[key]!))
        }
        guard let pick = killRNG.pick(writes) else {
            log.append("  no kill point: the night's plan makes no write")
            return nil
        }
        return pick
    }

    /// The killed run of a night: SIGKILL right after Zoom served the write `match` names.
    func killedRun(_ n: Int, at match: ServedWriteMatch, arguments: [String]) async throws {
        let outcome = try await KillPoint.run(
            arguments, killAt: match, simulator: simulator, in: dir.url,
            environment: environment(at: await simulator.now()))
        statistics.runs += 1
        scanSecrets(n, outcome.result.stdout + outcome.result.stderr, where: "stdout/stderr of the killed run")
        if outcome.killed {
            statistics.kills += 1
            log.append("  SIGKILL after Zoom served \(match); running again")
        } else {
            log.append(
                "  run ended (exit \(outcome.result.exitCode)) without reaching the kill point \(match); running again")
        }
    }
}
