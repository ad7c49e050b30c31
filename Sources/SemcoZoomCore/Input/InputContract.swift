import Foundation

// The input layer's public surface. The entry points live in DropDirectory.swift,
// SnapshotReader.swift, Validation/Validator.swift and Config/ConfigurationLoader.swift.

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
}

/// What the drop directory offers a run: the newest file per kind, and the older ones
/// that it supersedes (archived with it).
public struct DropSelection: Sendable {
    public var drop: URL
    public var files: [ExportKind: SelectedFile]
    public var superseded: [URL]
}

/// Input that cannot be trusted as a whole: the run applies nothing.
public struct InputRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var elementPath: String?
    public var column: String?
    public var value: String?
    public var message: LocalizedText

    /// The German message (the default language); use `message.text(_:)` for another.
    public var description: String { message.de }
}
