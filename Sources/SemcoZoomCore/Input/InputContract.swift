import Foundation

// CONTRACT STUB: the input-layer issue replaces the bodies (and may move the types into
// files of their own). The sync engine is written against these names: keep them.

public enum ExportFormat: String, Sendable, Codable {
    case csv
    case xml
}

/// One export file chosen for a run.
public struct SelectedFile: Sendable, Hashable {
    public var url: URL
    public var kind: ExportKind
    public var format: ExportFormat
    /// True when the file was re-used from `archive/` because nothing new came.
    public var fromArchive: Bool

    public init(url: URL, kind: ExportKind, format: ExportFormat, fromArchive: Bool) {
        self.url = url
        self.kind = kind
        self.format = format
        self.fromArchive = fromArchive
    }
}

/// What the drop directory offers a run: the newest file per kind, and the older ones
/// that it supersedes (archived with it).
public struct DropSelection: Sendable {
    public var drop: URL
    public var files: [ExportKind: SelectedFile]
    public var superseded: [URL]

    public init(drop: URL, files: [ExportKind: SelectedFile], superseded: [URL]) {
        self.drop = drop
        self.files = files
        self.superseded = superseded
    }
}

/// Input that cannot be trusted as a whole: the run applies nothing.
public struct InputRejection: Error, Sendable, Hashable {
    public var file: String
    public var line: Int?
    public var elementPath: String?
    public var column: String?
    public var value: String?
    public var message: LocalizedText

    public init(file: String, line: Int? = nil, elementPath: String? = nil, column: String? = nil, value: String? = nil,
                message: LocalizedText) {
        self.file = file
        self.line = line
        self.elementPath = elementPath
        self.column = column
        self.value = value
        self.message = message
    }
}

public enum DropDirectory {
    /// Picks the newest file per kind in `drop`, else the newest archived one. Reads only.
    public static func select(in drop: URL) throws -> DropSelection {
        fatalError("input layer not built yet")
    }

    /// Moves the files the run used (and the superseded ones) to `archive/<runID>/`.
    public static func archive(_ selection: DropSelection, runID: String) throws {
        fatalError("input layer not built yet")
    }

    /// Moves the files to `rejected/<runID>/` with a `REASON.txt` holding `reason`.
    public static func reject(_ selection: DropSelection, runID: String, reason: String) throws {
        fatalError("input layer not built yet")
    }
}

public enum SnapshotReader {
    /// Reads every selected file into one snapshot; throws `InputRejection` for bad input.
    public static func read(_ selection: DropSelection, configuration: Configuration) throws -> Snapshot {
        fatalError("input layer not built yet")
    }
}

public enum Validator {
    /// Course- and booking-level diagnostics (never fatal) for a snapshot that was read.
    public static func validate(_ snapshot: Snapshot, configuration: Configuration, today: CalendarDay) -> [Diagnostic] {
        fatalError("input layer not built yet")
    }
}

public enum ConfigurationLoader {
    /// Loads the config file (YAML or JSON; `path` nil → `SEMCO_ZOOM_CONFIG`, else
    /// `semco-zoom.yaml`/`.yml`/`.json` in `workingDirectory` if present), then applies the
    /// environment (ZOOM_* variables). Command options are applied by the caller.
    public static func load(path: String?, environment: [String: String], workingDirectory: URL) throws -> Configuration {
        fatalError("input layer not built yet")
    }
}
