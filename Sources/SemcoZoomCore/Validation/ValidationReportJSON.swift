import Foundation

extension ValidationReport {
    /// The report for scripts: pretty JSON with sorted keys (README.md, `validate --json`).
    public func json(_ language: Language) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(self, language: language))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON document; optional fields that are nil are left out.
    struct Document: Encodable {
        var accepted: Bool
        var drop: String
        var counts: Counts?
        var files: [File]
        var superseded: [String]
        var diagnostics: [Entry]
        var rejection: Place?

        init(_ report: ValidationReport, language: Language) {
            accepted = report.rejection == nil
            drop = report.drop
            let selection = report.selection
            if let snapshot = report.snapshot {
                files = snapshot.files.map { file in
                    File(
                        kind: file.kind.rawValue, path: file.path, format: file.format, sha256: file.sha256,
                        fromArchive: selection?.files[file.kind]?.fromArchive ?? false)
                }
                counts = Counts(
                    courses: snapshot.courses.count,
                    sessions: snapshot.courses.reduce(0) { $0 + $1.scheduledDates.count },
                    trainers: snapshot.trainers.count, bookings: report.bookingCount, errors: report.count(.error),
                    warnings: report.count(.warning), infos: report.count(.info))
            } else {
                files = ExportKind.allCases.compactMap { kind in
                    selection?.files[kind].map { file in
                        File(
                            kind: kind.rawValue, path: file.url.path, format: file.format.rawValue, sha256: nil,
                            fromArchive: file.fromArchive)
                    }
                }
            }
            superseded = (selection?.superseded ?? []).map(\.path)
            diagnostics = report.diagnostics.map { d in
                Entry(
                    code: d.code, severity: d.severity.rawValue, message: d.message.text(language),
                    course: d.course?.rawValue, booking: d.booking, hint: d.hint?.text(language),
                    source: d.source.map { Place(file: $0.file, line: $0.line, elementPath: $0.elementPath) })
            }
            rejection = report.rejection.map { r in
                Place(
                    file: r.file, line: r.line, elementPath: r.elementPath, column: r.column, value: r.value,
                    message: r.message.text(language))
            }
        }
    }

    struct Counts: Encodable {
        var courses, sessions, trainers, bookings, errors, warnings, infos: Int
    }

    struct File: Encodable {
        var kind: String
        var path: String
        var format: String
        /// Only once the file was read.
        var sha256: String?
        var fromArchive: Bool
    }

    /// Where in the exports: a diagnostic's source; a rejection adds column, value and message.
    struct Place: Encodable {
        var file: String
        var line: Int?
        var elementPath: String?
        var column: String?
        var value: String?
        var message: String?
    }

    struct Entry: Encodable {
        var code: String
        var severity: String
        var message: String
        var course: String?
        var booking: String?
        var hint: String?
        var source: Place?
    }

}
