import Foundation

/// What `validate` reports: the files it read, the counts and every diagnostic, or why the
/// input was rejected. `text` is for people, `json` (ValidationReportJSON.swift) for scripts.
public struct ValidationReport: Sendable {
    public var drop: String
    public var selection: DropSelection?
    /// The snapshot as read; with `--json` without its bookings (`bookingCount` keeps their number).
    public var snapshot: Snapshot?
    public var bookingCount: Int
    public var diagnostics: [Diagnostic]
    public var rejection: InputRejection?

    func count(_ severity: Severity) -> Int {
        diagnostics.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) }
    }

    private func severityLabel(_ severity: Severity, _ texts: RunTexts) -> String {
        switch severity {
        case .error: return texts.errorLabel
        case .warning: return texts.warningLabel
        case .info: return texts.infoLabel
        }
    }

    /// The report for people: the files, then the diagnostics by course in export order, then
    /// the counts.
    public func text(_ language: Language) -> String {
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
        let sessions = snapshot.courses.reduce(0) { $0 + $1.scheduledDates.count }
        out += "\n"
        out +=
            texts.validateAccepted(
                courses: snapshot.courses.count, sessions: sessions, trainers: snapshot.trainers.count,
                bookings: bookingCount, errors: count(.error), warnings: count(.warning)) + "\n"
        return out
    }

    /// Why the input was rejected (nil when it was not), for stderr.
    public var rejectionText: LocalizedText? {
        guard let rejection else { return nil }
        return LocalizedText(
            de: "Eingabe abgelehnt, nichts wird verarbeitet:\n  \(rejection.message.de)",
            en: "Input rejected, nothing is processed:\n  \(rejection.message.en)")
    }
}
