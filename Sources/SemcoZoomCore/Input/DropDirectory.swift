import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

public enum DropDirectory {
    /// Picks the newest file per kind in `drop`, else the newest archived one. Reads only.
    /// The sessions export belongs to the course export: it comes from the archive only
    /// when the courses do, so that old Einzeltermine never join a new course export.
    public static func select(in drop: URL) throws -> DropSelection {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: drop.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputRejection(
                file: drop.path,
                message: LocalizedText(
                    de:
                        "\(drop.path): Der Ablageordner existiert nicht oder ist kein Ordner. Bitte prüfen Sie --drop bzw. paths.drop.",
                    en:
                        "\(drop.path): The drop directory does not exist or is not a directory. Please check --drop or paths.drop."
                ))
        }
        let fresh = try candidates(in: drop)
        var files: [ExportKind: SelectedFile] = [:]
        var superseded: [URL] = []
        for (kind, list) in fresh {
            let sorted = list.sorted(by: Candidate.newerFirst)
            files[kind] = SelectedFile(url: sorted[0].url, kind: kind, format: sorted[0].format, fromArchive: false)
            superseded += sorted.dropFirst().map(\.url)
        }
        let missing = ExportKind.allCases.filter { files[$0] == nil }
        if !missing.isEmpty {
            let archived = try archivedCandidates(in: drop.appendingPathComponent("archive", isDirectory: true))
            for kind in missing {
                if kind == .sessions && files[.courses]?.fromArchive == false { continue }
                if let best = archived[kind]?.sorted(by: Candidate.newerFirst).first {
                    files[kind] = SelectedFile(url: best.url, kind: kind, format: best.format, fromArchive: true)
                }
            }
        }
        superseded.sort { $0.lastPathComponent < $1.lastPathComponent }
        return DropSelection(drop: drop, files: files, superseded: superseded)
    }

    /// Moves the files the run used (and the superseded ones) to `archive/<runID>/`.
    /// Files re-used from the archive stay where they are.
    public static func archive(_ selection: DropSelection, runID: String) throws {
        let target = try makeRunDirectory(selection.drop, "archive", runID)
        for url in filesToMove(selection) { try move(url, into: target) }
    }

    /// Moves the files to `rejected/<runID>/` with a `REASON.txt` holding `reason`.
    /// Files re-used from the archive stay there (they are the last accepted snapshot);
    /// the reason names them.
    public static func reject(_ selection: DropSelection, runID: String, reason: String) throws {
        let target = try makeRunDirectory(selection.drop, "rejected", runID)
        var text = reason.hasSuffix("\n") ? reason : reason + "\n"
        let archived = selection.files.values.filter(\.fromArchive).map {
            SnapshotReader.displayName($0.url, drop: selection.drop)
        }.sorted()
        if !archived.isEmpty {
            text += "\nAus dem Archiv verwendet und dort belassen / re-used from the archive and left there:\n"
            text += archived.map { "  \($0)\n" }.joined()
        }
        try FileSystem.writeOwnerOnly(Data(text.utf8), to: target.appendingPathComponent("REASON.txt"))
        for url in filesToMove(selection) { try move(url, into: target) }
    }

    // MARK: - Internals

    struct Candidate {
        var url: URL
        var kind: ExportKind
        var format: ExportFormat
        /// `yyyyMMddHHmmss` from the name, if any.
        var stamp: String?
        var modified: Date
        /// Where it lies (archive run folder name), for ties.
        var folder: String

        /// A comparable instant: the name's timestamp (read as local time), else the mtime.
        var instant: Date {
            guard let stamp else { return modified }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .current
            let n = Array(stamp).map { Int(String($0))! }
            func v(_ a: Int, _ b: Int) -> Int { n[a..<b].reduce(0) { $0 * 10 + $1 } }
            return calendar.date(
                from: DateComponents(
                    year: v(0, 4), month: v(4, 6), day: v(6, 8), hour: v(8, 10),
                    minute: v(10, 12), second: v(12, 14))) ?? modified
        }

        static func newerFirst(_ a: Candidate, _ b: Candidate) -> Bool {
            if let x = a.stamp, let y = b.stamp, x != y { return x > y }
            if a.stamp == nil || b.stamp == nil, a.instant != b.instant { return a.instant > b.instant }
            if a.modified != b.modified { return a.modified > b.modified }
            if a.folder != b.folder { return a.folder > b.folder }
            return a.url.lastPathComponent > b.url.lastPathComponent
        }
    }

    static func candidates(in folder: URL, folderName: String = "") throws -> [ExportKind: [Candidate]] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw InputRejection(
                file: folder.path,
                message: LocalizedText(
                    de: "\(folder.path): Der Ordner kann nicht gelesen werden (\(error.localizedDescription)).",
                    en: "\(folder.path): The directory cannot be read (\(error.localizedDescription))."))
        }
        var result: [ExportKind: [Candidate]] = [:]
        for name in names {
            guard let (kind, format) = ExportFileName.classify(name) else { continue }
            let url = folder.appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            let modified = attributes[.modificationDate] as? Date ?? .distantPast
            result[kind, default: []].append(
                Candidate(
                    url: url, kind: kind, format: format, stamp: ExportFileName.timestamp(in: name),
                    modified: modified, folder: folderName))
        }
        return result
    }

    static func archivedCandidates(in archive: URL) throws -> [ExportKind: [Candidate]] {
        guard let runs = try? FileManager.default.contentsOfDirectory(atPath: archive.path) else { return [:] }
        var result: [ExportKind: [Candidate]] = [:]
        for run in runs where !run.hasPrefix(".") {
            let folder = archive.appendingPathComponent(run, isDirectory: true)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            for (kind, list) in try candidates(in: folder, folderName: run) { result[kind, default: []] += list }
        }
        return result
    }

    static func filesToMove(_ selection: DropSelection) -> [URL] {
        selection.files.values.filter { !$0.fromArchive }.map(\.url).sorted { $0.path < $1.path } + selection.superseded
    }

    static func makeRunDirectory(_ drop: URL, _ area: String, _ runID: String) throws -> URL {
        guard !runID.isEmpty, !runID.contains("/"), runID != ".", runID != ".." else {
            throw FileSystemError(path: runID, operation: "run id", detail: "not a plain folder name")
        }
        let parent = drop.appendingPathComponent(area, isDirectory: true)
        try FileSystem.makeOwnerOnlyDirectory(parent)
        let target = parent.appendingPathComponent(runID, isDirectory: true)
        try FileSystem.makeOwnerOnlyDirectory(target)
        return target
    }

    /// Renames `url` into `folder` (never overwriting: a name taken gets a `-2`, `-3` … suffix)
    /// and makes it owner-only, since exports hold personal data.
    static func move(_ url: URL, into folder: URL) throws {
        let name = url.lastPathComponent
        var target = folder.appendingPathComponent(name)
        var n = 2
        while FileManager.default.fileExists(atPath: target.path) {
            let base = (name as NSString).deletingPathExtension
            let ext = (name as NSString).pathExtension
            target = folder.appendingPathComponent(ext.isEmpty ? "\(base)-\(n)" : "\(base)-\(n).\(ext)")
            n += 1
        }
        guard rename(url.path, target.path) == 0 else {
            throw FileSystemError(
                path: url.path, operation: "move to \(target.path)", detail: String(cString: strerror(errno)))
        }
        _ = chmod(target.path, 0o600)
    }
}

/// A file-system operation that failed, with the path and the OS's reason.
public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var detail: String
    public var description: String { "\(operation) failed for \(path): \(detail)" }
}

/// Owner-only file creation (0600 files, 0700 directories), whatever the umask.
enum FileSystem {
    static func makeOwnerOnlyDirectory(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw FileSystemError(path: url.path, operation: "create directory", detail: "a file has this name")
            }
            return
        }
        guard mkdir(url.path, 0o700) == 0 || errno == EEXIST else {
            throw FileSystemError(
                path: url.path, operation: "create directory", detail: String(cString: strerror(errno)))
        }
        _ = chmod(url.path, 0o700)
    }

    /// Creates `url` (which must not exist) with mode 0600 and writes `data`.
    static func writeOwnerOnly(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw FileSystemError(path: url.path, operation: "create file", detail: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        let code = POSIXWrite.all(fd, data)
        guard code == 0 else {
            throw FileSystemError(path: url.path, operation: "write", detail: String(cString: strerror(code)))
        }
        guard fsync(fd) == 0 else {
            throw FileSystemError(path: url.path, operation: "fsync", detail: String(cString: strerror(errno)))
        }
    }
}
