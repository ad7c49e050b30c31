import Foundation

/// One person for Zoom's "Import from CSV" (registrants of a meeting).
public struct ZoomImportRow: Sendable, Hashable, Codable {
    public var email: String
    public var firstName: String
    public var lastName: String
}

/// The registrants of one course that Zoom would not take through the API.
public struct ZoomImportBatch: Sendable, Hashable {
    public var course: CourseNumber
    public var meetingID: ZoomMeetingID?
    public var rows: [ZoomImportRow]
}

/// Zoom's registrant import file: columns e-mail, first name, last name in that order,
/// comma-separated, UTF-8 without BOM, RFC 4180 quoting, CRLF (docs/SIMULATOR.md, "Registrant CSV import").
public enum ZoomImportCSV {
    public static let header = ["Email", "First Name", "Last Name"]
    /// The folder inside a run's output folder.
    public static let folder = "zoom-import"

    /// `<Kursnr>_<meeting id>.csv`; `<Kursnr>.csv` while the course has no meeting yet.
    /// Characters that cannot be in a file name are replaced by `_`.
    public static func fileName(course: CourseNumber, meetingID: ZoomMeetingID?) -> String {
        let safe = String(
            course.rawValue.map { ch -> Character in
                ch.isLetter || ch.isNumber || ch == "-" || ch == "." ? ch : "_"
            })
        let stem = safe.isEmpty || safe.hasPrefix(".") ? "_" + safe : safe
        if let meetingID { return "\(stem)_\(meetingID).csv" }
        return "\(stem).csv"
    }

    /// The file's bytes. Rows are de-duplicated by address (case-insensitively; the first
    /// wins) and sorted by last name, first name, address so that reruns give the same file.
    public static func encode(_ rows: [ZoomImportRow], includeHeader: Bool) -> Data {
        var seen = Set<String>()
        let unique = rows.filter { seen.insert($0.email.lowercased()).inserted }
        let sorted = unique.sorted {
            ($0.lastName, $0.firstName, $0.email.lowercased()) < ($1.lastName, $1.firstName, $1.email.lowercased())
        }
        var records: [[String]] = includeHeader ? [header] : []
        records += sorted.map { [$0.email, $0.firstName, $0.lastName] }
        return DelimitedText(delimiter: ",", byteOrderMark: false).encode(records)
    }

    /// The people of a course the state says Zoom would not take (`handedToImport`).
    public static func rowsHandedToImport(_ course: ManagedCourse) -> [ZoomImportRow] {
        course.registrants.values
            .filter { $0.status == .handedToImport }
            .map { ZoomImportRow(email: $0.email, firstName: $0.firstName, lastName: $0.lastName) }
    }

    /// Writes the batch into `<outDir>/zoom-import/` and returns the file's URL.
    @discardableResult
    public static func write(_ batch: ZoomImportBatch, includeHeader: Bool, into outDir: URL) throws -> URL {
        let folder = outDir.appendingPathComponent(Self.folder, isDirectory: true)
        try OwnerOnlyFiles.createDirectory(folder)
        let url = folder.appendingPathComponent(fileName(course: batch.course, meetingID: batch.meetingID))
        try OwnerOnlyFiles.write(encode(batch.rows, includeHeader: includeHeader), to: url)
        return url
    }
}
