import Foundation

// `report.json` is JSONEncoder's compact encoding of the `ReportDocument` (sorted keys, so
// `actions` comes first), with a line break before each action and before the `]` that
// closes them:
//
//     {"actions":[
//     {"course":"10062","kind":"create_meeting",…},
//     {"booking":"BN-1","course":"10062","kind":"add_registrant",…}
//     ],"counts":{…},"courses":[…],…,"zoom_import_files":[]}
//
// One document for `jq` and JSONDecoder, one action per line for `grep`, and written action
// by action: a first sync's half a million actions are never encoded as one piece. Leaving out
// the line breaks gives JSONEncoder's bytes for the whole document (JSON strings hold no raw
// line break), which ReportStreamingTests checks.

extension ReportDocument {
    /// The encoder of `report.json` (and of each of its actions): sorted keys, slashes not
    /// escaped, dates ISO 8601 UTC in whole seconds (JSONEncoder's `.iso8601`).
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Writes `report.json` into `out` (see above), ending with a line break. The actions are
    /// `rows` when given (a run's rows, made as they are written), else the document's own.
    func writeJSON(into out: inout ByteOutput, rows: ReportRows? = nil) throws {
        let rows = rows ?? ReportRows(actions)
        let encoder = Self.makeEncoder()
        var rest = self
        rest.actions = []
        let head = try encoder.encode(rest)
        let opening = Data(#"{"actions":[]"#.utf8)
        // `actions` sorts before every other key, so the document starts with it.
        guard head.starts(with: opening) else {
            throw EncodingError.invalidValue(
                self, .init(codingPath: [], debugDescription: "report.json does not start with its actions"))
        }
        out.append(#"{"actions":["#)
        for index in rows.indices {
            out.append(index == 0 ? "\n" : ",\n")
            try encoder.encode(rows[index]).withUnsafeBytes { out.append(bytes: $0) }
        }
        out.append(rows.count == 0 ? "]" : "\n]")
        head.dropFirst(opening.count).withUnsafeBytes { out.append(bytes: $0) }
        out.append(UInt8(ascii: "\n"))
    }

    /// `report.json` in memory, as `OutputWriter` writes it to the file.
    public func jsonData() throws -> Data {
        var out = ByteOutput()
        try writeJSON(into: &out)
        return Data(out.bytes)
    }
}
