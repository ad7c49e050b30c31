import ArgumentParser
import Foundation
import SemcoZoomCore

/// `semco-zoom validate`: reads and checks the exports only. Never moves a file, never
/// touches the network. Exit 0 when the input is accepted without errors (warnings allowed),
/// 3 when it is accepted with error diagnostics, 1 when it is rejected or the configuration
/// is unusable (README.md, "Exit codes").
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Read and check SEMCO's exports in the drop directory; no network, no file moved.",
        discussion: "Exit codes: 0 accepted without errors (warnings allowed), 1 rejected (or bad config), "
            + "3 accepted with errors in the exports, 64 usage error."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var drop: DropOptions

    @Flag(name: .long, help: "Print files, counts and diagnostics as JSON.")
    var json = false

    func run() async throws {
        let context = try config.loadContext()
        let (configuration, workingDirectory, language) = (
            context.configuration, context.workingDirectory, context.language
        )
        guard let dropPath = drop.drop ?? configuration.paths.drop else {
            fail(
                language == .de
                    ? "Kein Ablageordner angegeben: --drop ORDNER oder paths.drop in der Konfiguration."
                    : "No drop directory given: --drop DIR or paths.drop in the configuration.")
            throw ExitCode(ExitStatus.fatal.rawValue)
        }
        let dropURL = URL(fileURLWithPath: dropPath, relativeTo: workingDirectory).standardizedFileURL
        let timeZone = TimeZone(identifier: configuration.timeZone) ?? TimeZone(identifier: "Europe/Berlin")!
        let today = CalendarDay(Date(), in: timeZone)

        var selection: DropSelection?
        do {
            let selected = try DropDirectory.select(in: dropURL)
            selection = selected
            // Only the JSON output shows the files' SHA-256; the text output does not hash.
            var (snapshot, notes) = try SnapshotReader.readWithNotes(
                selected, configuration: configuration, fingerprints: json)
            let diagnostics =
                configuration.notices
                + Validator.markUntriggered(
                    Validator.validate(snapshot, configuration: configuration, today: today), snapshot: snapshot,
                    configuration: configuration) + notes
                + (Validator.roomHint(snapshot, configuration: configuration).map { [$0] } ?? [])
            let bookingCount = snapshot.bookings.count
            if json {
                // The output names no booking: the bookings (500,000 in an L export) go before the
                // JSON is built beside them, which kept `validate --json` 12 MB over its memory
                // budget (BENCHMARKS.md). The text output is small; it keeps them and skips the
                // freeing (below).
                snapshot.bookings = []
            }
            let report = ValidationReport(
                drop: dropURL.path, selection: selected, snapshot: snapshot, bookingCount: bookingCount,
                diagnostics: diagnostics, rejection: nil)
            if json {
                print(report.json(language))
            } else {
                print(report.text(language), terminator: "")
            }
            // Done: the process ends here (standard output flushed by `exit`) instead of
            // freeing the snapshot value by value on the way out — for 500,000 bookings
            // that took ~5 % of validate's time, for memory the system takes back anyway.
            let hasErrors = diagnostics.contains { $0.severity == .error }
            Foundation.exit((hasErrors ? ExitStatus.partial : ExitStatus.ok).rawValue)
        } catch let rejection as InputRejection {
            let report = ValidationReport(
                drop: dropURL.path, selection: selection, snapshot: nil, bookingCount: 0, diagnostics: [],
                rejection: rejection)
            if json { print(report.json(language)) }
            fail(report.rejectionText(language))
            throw ExitCode(ExitStatus.fatal.rawValue)
        }
    }

    private func fail(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// What `validate` prints: text for people, JSON for scripts.
struct ValidationReport {
    var drop: String
    var selection: DropSelection?
    /// The snapshot as read; with `--json` without its bookings (`bookingCount` keeps their number).
    var snapshot: Snapshot?
    var bookingCount: Int
    var diagnostics: [Diagnostic]
    var rejection: InputRejection?

    private func severityLabel(_ severity: Severity, _ texts: RunTexts) -> String {
        switch severity {
        case .error: return texts.errorLabel
        case .warning: return texts.warningLabel
        case .info: return texts.infoLabel
        }
    }

    func text(_ language: Language) -> String {
        let de = language == .de
        let texts = RunTexts(language: language)
        var out = de ? "Ablageordner: \(drop)\n" : "Drop directory: \(drop)\n"
        if let selection {
            for kind in ExportKind.allCases {
                guard let file = selection.files[kind] else { continue }
                let archived = file.fromArchive ? (de ? " (aus dem Archiv)" : " (from the archive)") : ""
                out += "  \(texts.exportKind(kind)): \(file.url.path)\(archived)\n"
            }
            for url in selection.superseded {
                out +=
                    (de ? "  überholt (ein neuerer liegt vor): " : "  superseded (a newer one is there): ") + url.path
                    + "\n"
            }
        }
        guard let snapshot else { return out }
        let titles = Dictionary(snapshot.courses.map { ($0.number, $0.title) }, uniquingKeysWith: { a, _ in a })
        var order: [CourseNumber?] = []
        var groups: [CourseNumber?: [Diagnostic]] = [:]
        for diagnostic in diagnostics {
            let key: CourseNumber? = diagnostic.course.flatMap { titles[$0] != nil ? $0 : nil }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(diagnostic)
        }
        // Courses in export order; a position table keeps the sort n log n on large exports.
        var position: [CourseNumber: Int] = [:]
        for (index, course) in snapshot.courses.enumerated() where position[course.number] == nil {
            position[course.number] = index
        }
        order.sort { a, b in
            guard let a else { return false }
            guard let b else { return true }
            return (position[a] ?? 0) < (position[b] ?? 0)
        }
        for key in order {
            out += "\n"
            if let key {
                out += texts.courseHeader(key, title: titles[key]) + "\n"
            } else {
                out += de ? "Ohne Kurs im Export\n" : "Not in the course export\n"
            }
            for diagnostic in groups[key]!.sorted(by: { $0.severity < $1.severity }) {
                let message = texts.withoutCoursePrefix(
                    diagnostic.message.text(language), course: key, title: key.flatMap { titles[$0] })
                out += "  \(severityLabel(diagnostic.severity, texts)) [\(diagnostic.code)] \(message)\n"
                if let hint = diagnostic.hint { out += "    → \(hint.text(language))\n" }
                if let source = diagnostic.source { out += "    (\(source))\n" }
            }
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let sessions = snapshot.courses.reduce(0) { $0 + $1.scheduledDates.count }
        out += "\n"
        out +=
            texts.validateAccepted(
                courses: snapshot.courses.count, sessions: sessions, trainers: snapshot.trainers.count,
                bookings: bookingCount, errors: errors, warnings: warnings) + "\n"
        return out
    }

    func rejectionText(_ language: Language) -> String {
        guard let rejection else { return "" }
        let lead =
            language == .de ? "Eingabe abgelehnt, nichts wird verarbeitet:" : "Input rejected, nothing is processed:"
        return "\(lead)\n  \(rejection.message.text(language))"
    }

    func json(_ language: Language) -> String {
        var root: [String: Any] = ["accepted": rejection == nil, "drop": drop]
        var files: [[String: Any]] = []
        if let snapshot {
            for file in snapshot.files {
                let fromArchive = selection?.files[file.kind]?.fromArchive ?? false
                files.append([
                    "kind": file.kind.rawValue, "path": file.path, "format": file.format, "sha256": file.sha256,
                    "fromArchive": fromArchive,
                ])
            }
            root["counts"] = [
                "courses": snapshot.courses.count,
                "sessions": snapshot.courses.reduce(0) { $0 + $1.scheduledDates.count },
                "trainers": snapshot.trainers.count, "bookings": bookingCount,
                "errors": diagnostics.filter { $0.severity == .error }.count,
                "warnings": diagnostics.filter { $0.severity == .warning }.count,
                "infos": diagnostics.filter { $0.severity == .info }.count,
            ]
        } else if let selection {
            for kind in ExportKind.allCases {
                guard let file = selection.files[kind] else { continue }
                files.append([
                    "kind": kind.rawValue, "path": file.url.path, "format": file.format.rawValue,
                    "fromArchive": file.fromArchive,
                ])
            }
        }
        root["files"] = files
        root["superseded"] = (selection?.superseded ?? []).map(\.path)
        root["diagnostics"] = diagnostics.map { d -> [String: Any] in
            var entry: [String: Any] = [
                "code": d.code, "severity": d.severity.rawValue, "message": d.message.text(language),
            ]
            if let course = d.course { entry["course"] = course.rawValue }
            if let booking = d.booking { entry["booking"] = booking }
            if let hint = d.hint { entry["hint"] = hint.text(language) }
            if let source = d.source { entry["source"] = Self.location(source.file, source.line, source.elementPath) }
            return entry
        }
        if let rejection {
            var entry = Self.location(rejection.file, rejection.line, rejection.elementPath)
            if let column = rejection.column { entry["column"] = column }
            if let value = rejection.value { entry["value"] = value }
            entry["message"] = rejection.message.text(language)
            root["rejection"] = entry
        }
        let data =
            (try? JSONSerialization.data(
                withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func location(_ file: String, _ line: Int?, _ elementPath: String?) -> [String: Any] {
        var entry: [String: Any] = ["file": file]
        if let line { entry["line"] = line }
        if let elementPath { entry["elementPath"] = elementPath }
        return entry
    }
}
