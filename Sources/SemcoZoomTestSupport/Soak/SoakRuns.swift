import Foundation
import SemcoZoomCore
import ZoomSimulator

/// A night's runs of the binary and the checks of the mass-cancel guard.
extension Night.Context {
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
}
