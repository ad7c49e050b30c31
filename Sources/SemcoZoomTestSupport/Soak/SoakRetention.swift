import Foundation
import SemcoZoomCore

// Retention invariants (docs/privacy.md), checked after every night whose sync finished (exit 0
// or 3): the soak runs with the default retention of 90 days, so over 1,000 nights every course
// closes, is forgotten, and the drop archive and run folders roll over.

extension Night.Context {
    /// Days the soak keeps everything: the defaults (the soak has no config file).
    static var retentionDays: Int { Configuration.Retention.defaultDays }

    func checkRetention(_ n: Int, result: SyncResult, now: Date) {
        guard result.exit == 0 || result.exit == 3 else { return }
        let cutoff = now.addingTimeInterval(-Double(Self.retentionDays) * 86_400)
        checkStateForgets(n, cutoff: cutoff)
        checkFolders(n, cutoff: cutoff)
    }

    /// Nothing closed longer than `retention.state_days` holds personal data, and the state file
    /// is no bigger than its live courses plus a small stub per forgotten one.
    func checkStateForgets(_ n: Int, cutoff: Date) {
        guard let data = try? Data(contentsOf: stateFile),
            let state = try? StateStore(url: stateFile).load().state
        else { return }
        var live = state
        var stubs = 0
        for (key, course) in state.courses where course.phase != .active {
            guard let closedAt = course.closedAt else {
                violation(n, "state: course \(key) is \(course.phase.rawValue) but has no closedAt")
                continue
            }
            guard closedAt < cutoff else { continue }
            if course.phase == .deleted {
                violation(n, "state: cancelled course \(key) closed at \(closedAt) is still in the state")
            } else if !course.registrants.isEmpty || !course.host.isEmpty || course.lastSent != nil
                || course.pendingCreate != nil
            {
                violation(
                    n,
                    "state: course \(key) closed at \(closedAt) still holds \(course.registrants.count) registrants, "
                        + "its host or what was last sent")
            }
            live.courses[key] = nil
            stubs += 1
        }
        statistics.forgottenCourses = max(statistics.forgottenCourses, stubs)
        statistics.largestStateBytes = max(statistics.largestStateBytes, data.count)
        // Bounded: the forgotten courses add at most a few hundred bytes each.
        if let liveBytes = try? StateStore.encoder().encode(live).count, data.count > liveBytes + 400 * stubs + 64 {
            violation(
                n, "state file is \(data.count) bytes: \(liveBytes) for its live courses + \(stubs) stubs > 400 each")
        }
    }

    /// No run, archive or rejected folder older than the retention period stays, except the
    /// newest run folder and the archive folders that hold the last snapshot.
    func checkFolders(_ n: Int, cutoff: Date) {
        let runs = stateFile.deletingLastPathComponent().appendingPathComponent("runs")
        let archive = drop.appendingPathComponent("archive")
        let areas: [(URL, Set<String>)] = [
            (runs, newest(in: runs)),
            (archive, FolderRetention.lastSnapshotFolders(archive: archive)),
            (drop.appendingPathComponent("rejected"), []),
        ]
        for (folder, keep) in areas {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            where !keep.contains(name) {
                guard let date = FolderRetention.runDate(name), date < cutoff else { continue }
                violation(
                    n, "\(folder.lastPathComponent)/\(name) is older than \(Self.retentionDays) days and still there")
            }
            statistics.retainedFolders[folder.lastPathComponent] =
                ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).count
        }
    }

    private func newest(in folder: URL) -> Set<String> {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { FolderRetention.runDate($0) != nil }
        return names.max().map { [$0] } ?? []
    }
}
