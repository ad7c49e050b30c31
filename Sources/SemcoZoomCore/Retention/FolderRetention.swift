import Foundation

/// Run folders, archived and rejected exports leave after their retention period
/// (docs/privacy.md). A folder's age is the time in its name, the run id
/// (`yyyyMMddTHHmmssZ-xxxx`, the run's clock), never its modification time: copying or
/// restoring a folder does not make it young again. Folders whose name is not a run id are
/// not the tool's and stay.
public enum FolderRetention {
    /// One area the tool keeps folders in.
    public enum Area: String, Sendable, Codable, CaseIterable {
        /// `runs/<run-id>/` (or `paths.out`): reports, Zoom import and SEMCO write-back files.
        case runs
        /// `<drop>/archive/<run-id>/`: SEMCO's exports a run used.
        case archive
        /// `<drop>/rejected/<run-id>/`: exports a run refused.
        case rejected
    }

    /// What was removed (folder names, never contents), and what could not be.
    public struct Removal: Sendable, Equatable {
        public var area: Area
        public var folder: URL
        public var removed: [String] = []
        /// Folder name → why it could not be removed.
        public var failed: [String: String] = [:]
    }

    /// The run start a run id names, or nil for any other name.
    public static func runDate(_ name: String) -> Date? {
        let utf8 = Array(name.utf8)
        guard utf8.count >= 16, utf8[8] == UInt8(ascii: "T"), utf8[15] == UInt8(ascii: "Z"),
            utf8.count == 16 || utf8[16] == UInt8(ascii: "-")
        else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: String(name.prefix(16)))
    }

    /// The folders of `names` that are older than `keepDays` days at `now` (nil: none), except
    /// `keep` and, with `keepNewest`, the newest of all. Pure.
    public static func expired(
        _ names: [String], keepDays: Int?, now: Date, keep: Set<String>, keepNewest: Bool = false
    ) -> [String] {
        guard let keepDays else { return [] }
        let cutoff = now.addingTimeInterval(-Double(keepDays) * 86_400)
        let dated = names.compactMap { name in runDate(name).map { (name, $0) } }
        let newest = dated.max { ($0.1, $0.0) < ($1.1, $1.0) }?.0
        return dated.filter { $0.1 < cutoff && !keep.contains($0.0) && !(keepNewest && $0.0 == newest) }.map(\.0)
            .sorted()
    }

    /// The archive folders that hold the last archived snapshot: for each export kind, the folder
    /// of the file a run without new exports would re-use (`DropDirectory.select`).
    public static func lastSnapshotFolders(archive: URL) -> Set<String> {
        guard let archived = try? DropDirectory.archivedCandidates(in: archive) else {
            // Unreadable: nothing is known to be safe to remove.
            return Set((try? FileManager.default.contentsOfDirectory(atPath: archive.path)) ?? [])
        }
        var keep: Set<String> = []
        for (_, list) in archived {
            if let best = list.sorted(by: DropDirectory.Candidate.newerFirst).first { keep.insert(best.folder) }
        }
        return keep
    }

    /// Removes the expired folders of the three areas. `runs` is the folder run folders are made
    /// in; `current` the run's own output folder (always kept).
    public static func apply(
        retention: Configuration.Retention, runs: URL?, drop: URL?, current: URL?, now: Date
    ) -> [Removal] {
        var removals: [Removal] = []
        if let runs {
            var keep: Set<String> = []
            if let current, current.deletingLastPathComponent().standardizedFileURL == runs.standardizedFileURL {
                keep.insert(current.lastPathComponent)
            }
            removals.append(remove(.runs, in: runs, keepDays: retention.runsDays, now: now, keep: keep))
        }
        if let drop {
            let archive = drop.appendingPathComponent("archive", isDirectory: true)
            removals.append(
                remove(
                    .archive, in: archive, keepDays: retention.archiveDays, now: now,
                    keep: retention.archiveDays == nil ? [] : lastSnapshotFolders(archive: archive)))
            let rejected = drop.appendingPathComponent("rejected", isDirectory: true)
            removals.append(remove(.rejected, in: rejected, keepDays: retention.rejectedDays, now: now, keep: []))
        }
        return removals.filter { !$0.removed.isEmpty || !$0.failed.isEmpty }
    }

    static func remove(_ area: Area, in folder: URL, keepDays: Int?, now: Date, keep: Set<String>) -> Removal {
        var removal = Removal(area: area, folder: folder)
        guard keepDays != nil, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            return removal
        }
        let directories = names.filter { name in
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            // A symbolic link is not followed: only the tool's own folders go.
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return attributes?[.type] as? FileAttributeType == .typeDirectory
                && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        // The newest run folder stays: `status` shows the last run from it.
        for name in expired(directories, keepDays: keepDays, now: now, keep: keep, keepNewest: area == .runs) {
            do {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name, isDirectory: true))
                removal.removed.append(name)
            } catch {
                removal.failed[name] = (error as NSError).localizedDescription
            }
        }
        return removal
    }
}
