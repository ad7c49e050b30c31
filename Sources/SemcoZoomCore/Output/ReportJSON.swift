import Foundation

// `report.json` written straight into a `ByteOutput`, field by field, instead of through
// JSONEncoder (which builds a tree of every value and then a second, serialised copy: for a
// first night of half a million actions that was most of the run's peak memory).
//
// The bytes are the ones `ReportDocument.jsonData()` (JSONEncoder with `makeEncoder()`'s
// options) writes: pretty-printed with two-space indents and `" : "`, keys sorted by their
// UTF-8 bytes, nil optionals left out, ISO 8601 UTC dates in whole seconds, slashes not
// escaped, and a final newline. ReportJSONTests compares the two byte for byte.
//
// Adding a field to a report type means adding it here too, at its place in key order;
// the round-trip tests fail until it is.

extension ReportDocument {
    /// Writes `report.json` (see above).
    func writeJSON(into out: inout ByteOutput) {
        var json = PrettyJSONWriter(out: out)
        out = ByteOutput()  // the writer holds the only reference to the buffer now
        json.open("{")
        json.key("actions")
        json.open("[")
        for action in actions {
            json.element()
            action.writeJSON(&json)
        }
        json.close("]")
        json.key("counts")
        counts.writeJSON(&json)
        json.key("courses")
        json.open("[")
        for course in courses {
            json.element()
            course.writeJSON(&json)
        }
        json.close("]")
        json.key("diagnostics")
        json.open("[")
        for diagnostic in diagnostics {
            json.element()
            diagnostic.writeJSON(&json)
        }
        json.close("]")
        json.field("exit_code", Int(exitCode))
        json.field("fatal", fatal)
        json.field("files", files)
        json.field("finished_at", finishedAt)
        json.key("inbox")
        json.open("[")
        for entry in inbox {
            json.element()
            entry.writeJSON(&json)
        }
        json.close("]")
        json.key("input_files")
        json.open("[")
        for file in inputFiles {
            json.element()
            file.writeJSON(&json)
        }
        json.close("]")
        json.field("input_moved_to", inputMovedTo)
        json.field("language", language.rawValue)
        if let massCancel {
            json.key("mass_cancel")
            massCancel.writeJSON(&json)
        }
        json.field("mode", mode.rawValue)
        json.field("run_id", runID)
        json.field("schema_version", schemaVersion)
        json.field("started_at", startedAt)
        json.field("time_zone", timeZone)
        json.key("zoom_import_files")
        json.open("[")
        for file in zoomImportFiles {
            json.element()
            file.writeJSON(&json)
        }
        json.close("]")
        json.close("}")
        json.out.append(UInt8(ascii: "\n"))
        out = json.out
    }

    /// `report.json` in memory, written by `writeJSON(into:)`.
    func streamedJSONData() -> Data {
        var out = ByteOutput()
        writeJSON(into: &out)
        return Data(out.bytes)
    }
}

extension ReportAction {
    func writeJSON(_ json: inout PrettyJSONWriter) {
        json.open("{")
        json.field("booking", booking)
        json.field("changed_fields", changedFields)
        json.field("course", course)
        json.field("error", error)
        json.field("http_status", httpStatus)
        json.field("kind", kind.rawValue)
        json.field("meeting_id", meetingID)
        json.field("new_start_time", newStartTime)
        json.field("not_before", notBefore)
        json.field("note", note)
        json.field("occurrence_start", occurrenceStart)
        json.field("participant", participant)
        json.field("reason", reason)
        json.field("status", status.rawValue)
        json.field("zoom_code", zoomCode)
        json.close("}")
    }
}

extension ReportCounts {
    func writeJSON(_ json: inout PrettyJSONWriter) {
        json.open("{")
        json.field("actions_applied", actionsApplied)
        json.field("actions_deferred", actionsDeferred)
        json.field("actions_failed", actionsFailed)
        json.field("actions_planned", actionsPlanned)
        json.field("actions_skipped", actionsSkipped)
        json.field("courses", courses)
        json.field("courses_failed", coursesFailed)
        json.field("errors", errors)
        json.field("infos", infos)
        json.field("meetings_created", meetingsCreated)
        json.field("meetings_deleted", meetingsDeleted)
        json.field("meetings_updated", meetingsUpdated)
        json.field("registrants_added", registrantsAdded)
        json.field("registrants_cancelled", registrantsCancelled)
        json.field("registrants_handed_to_import", registrantsHandedToImport)
        json.field("registrants_reapproved", registrantsReapproved)
        json.field("warnings", warnings)
        json.close("}")
    }
}

extension ReportCourse {
    func writeJSON(_ json: inout PrettyJSONWriter) {
        json.open("{")
        json.field("meeting_id", meetingID)
        json.field("number", number)
        json.field("result", result.rawValue)
        json.field("title", title)
        json.close("}")
    }
}

extension ReportDiagnostic {
    func writeJSON(_ json: inout PrettyJSONWriter) {
        json.open("{")
        json.field("booking", booking)
        json.field("code", code)
        json.field("course", course)
        json.field("hint", hint)
        json.field("message", message)
        json.field("severity", severity.rawValue)
        if let source {
            json.key("source")
            json.open("{")
            json.field("element_path", source.elementPath)
            json.field("file", source.file)
            json.field("line", source.line)
            json.close("}")
        }
        json.close("}")
    }
}

extension ReportInboxEntry {
    func writeJSON(_ json: inout PrettyJSONWriter) {
        json.open("{")
        json.field("course", course)
        json.field("errors", errors)
        json.field("hint", hint)
        json.field("hints", hints)
        json.field("last_error", lastError)
        if let meetingExists { json.field("meeting_exists", meetingExists) }
        json.field("message", message)
        json.field("title", title)
        json.close("}")
    }
}

extension ReportInputFile {
    func writeJSON(_ json: inout PrettyJSONWriter) {
        json.open("{")
        json.field("format", format)
        json.field("kind", kind)
        json.field("path", path)
        json.field("sha256", sha256)
        json.close("}")
    }
}

extension ReportImportFile {
    func writeJSON(_ json: inout PrettyJSONWriter) {
        json.open("{")
        json.field("course", course)
        json.field("meeting_id", meetingID)
        json.field("path", path)
        json.field("registrants", registrants)
        json.close("}")
    }
}

extension ReportMassCancel {
    func writeJSON(_ json: inout PrettyJSONWriter) {
        json.open("{")
        json.field("allowed", allowed)
        json.key("courses")
        json.open("[")
        for course in courses {
            json.element()
            json.open("{")
            json.field("cancels", course.cancels)
            json.field("course", course.course)
            json.field("registrants", course.registrants)
            json.close("}")
        }
        json.close("]")
        json.field("total_cancels", totalCancels)
        json.field("tripped", tripped)
        json.close("}")
    }
}

/// The layout of JSONEncoder's `.prettyPrinted`: every member of an object or array on a
/// line of its own, indented two spaces per level; an empty container is its brackets with
/// an empty line between them. The caller writes keys in sorted order.
struct PrettyJSONWriter {
    var out: ByteOutput
    private var depth = 0
    /// Nothing written yet in the innermost open container.
    private var first = true

    init(out: ByteOutput) {
        self.out = out
    }

    /// Opens an object (`{`) or array (`[`).
    mutating func open(_ bracket: StaticString) {
        out.append(bracket)
        depth += 1
        first = true
    }

    /// Closes the innermost object (`}`) or array (`]`).
    mutating func close(_ bracket: StaticString) {
        if first { out.append(UInt8(ascii: "\n")) }  // empty: an empty line between the brackets
        depth -= 1
        newLine()
        out.append(bracket)
        first = false
    }

    /// Starts the next member of an array.
    mutating func element() {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        newLine()
    }

    /// Starts the next member of an object; the value follows.
    mutating func key(_ name: StaticString) {
        element()
        out.append(UInt8(ascii: "\""))
        out.append(name)
        out.append("\" : ")
    }

    /// A line break and the indent of the current depth, in one piece.
    private mutating func newLine() {
        let count = 1 + 2 * depth
        if count <= Self.newLineAndSpaces.count {
            Self.newLineAndSpaces.withUnsafeBytes {
                out.append(bytes: UnsafeRawBufferPointer(rebasing: $0.prefix(count)))
            }
        } else {
            out.append(UInt8(ascii: "\n"))
            for _ in 0..<depth { out.append("  ") }
        }
    }

    private static let newLineAndSpaces: [UInt8] = [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 30)

    // MARK: Values

    mutating func string(_ value: String) {
        out.append(UInt8(ascii: "\""))
        out.appendJSONEscaped(value)
        out.append(UInt8(ascii: "\""))
    }

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        if let value { field(name, value) }
    }

    mutating func field<I: BinaryInteger>(_ name: StaticString, _ value: I) {
        key(name)
        out.append(decimal: value)
    }

    mutating func field<I: BinaryInteger>(_ name: StaticString, _ value: I?) {
        if let value { field(name, value) }
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        out.append(value ? "true" : "false")
    }

    mutating func field(_ name: StaticString, _ value: Date) {
        key(name)
        out.append(UInt8(ascii: "\""))
        out.append(ReportDocument.iso8601(value))
        out.append(UInt8(ascii: "\""))
    }

    mutating func field(_ name: StaticString, _ value: Date?) {
        if let value { field(name, value) }
    }

    mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        open("[")
        for value in values {
            element()
            string(value)
        }
        close("]")
    }

    mutating func field(_ name: StaticString, _ values: [String]?) {
        if let values { field(name, values) }
    }
}

extension ReportDocument {
    /// A date as `report.json` writes it: `2027-04-06T08:46:40Z` (UTC, whole seconds rounded
    /// down), the text of JSONEncoder's `.iso8601` strategy.
    static func iso8601(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= -11_676_096_000, seconds < 253_402_300_800 else {
            // Outside the years 1600 to 9999 (calendar reforms, five-digit years): leave the
            // rare case to JSONEncoder itself.
            let data = (try? makeEncoder().encode([date])) ?? Data()
            let text = String(decoding: data, as: UTF8.self)
            return String(text.filter { $0 != "\"" && $0 != "[" && $0 != "]" && !$0.isWhitespace })
        }
        return UTCTimestamp.text(date)
    }
}
