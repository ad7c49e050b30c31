import Foundation

/// The summary `sync` and `plan` print on stdout: the result line; then what changed by kind;
/// each course that needs attention with its errors and what to do; the warnings, grouped, at
/// most `warningLines` lines. `--quiet` (`brief`): the result line and the report only.
/// Every word comes from `SummaryTexts` in the run's language.
public enum RunSummaryText {
    public static let warningLines = 20
    public static let attentionLines = 60

    public static func render(_ result: RunResult, brief: Bool = false) -> String {
        let outcome = result.outcome
        let t = RunTexts(language: result.language)
        var text = t.headline(mode: outcome.mode, runID: outcome.runID, counts: outcome.counts) + "\n"
        if !brief {
            let c = ChangeCounts(outcome)
            if let changes = t.changes(
                meetingsCreated: c.meetingsCreated, meetingsChanged: c.meetingsChanged,
                meetingsDeleted: c.meetingsDeleted, registered: c.registered, cancelled: c.cancelled,
                reapproved: c.reapproved, handedToImport: c.handedToImport, planned: outcome.mode == .plan)
            {
                text += changes + "\n"
            }
            text += attention(outcome, t)
            text += warnings(outcome, t)
        }
        if let report = result.reportFile {
            // People read the HTML page; report.json sits beside it for scripts.
            let html = report.deletingLastPathComponent().appendingPathComponent(OutputWriter.reportHTML)
            let shown = FileManager.default.fileExists(atPath: html.path) ? html : report
            text += t.report(shown.path) + "\n"
        }
        return text
    }

    /// Courses with errors, failed, deferred or handed-over work; problems without a course last.
    static func attention(_ outcome: RunOutcome, _ t: RunTexts) -> String {
        var order: [CourseNumber?] = []
        var lines: [CourseNumber?: [String]] = [:]
        func add(_ course: CourseNumber?, _ line: String) {
            if lines[course] == nil { order.append(course) }
            lines[course, default: []].append(line)
        }
        for diagnostic in outcome.diagnostics where diagnostic.severity == .error {
            let message = t.withoutCoursePrefix(
                diagnostic.message.text(t.language), course: diagnostic.course,
                title: diagnostic.course.flatMap { outcome.courseTitles[$0.rawValue] })
            add(diagnostic.course, "    \(t.errorLabel) [\(diagnostic.code)] \(message)")
            if let hint = diagnostic.hint { add(diagnostic.course, "      → \(hint.text(t.language))") }
        }
        // The people handed to a course's Zoom import file: for them the import is what to do.
        let handedOver = Set(outcome.handedToImport.map { "\($0.course)|\($0.email.lowercased())" })
        for action in outcome.actions where action.result == .failed || action.result == .deferred {
            var line = "    \(action.result == .failed ? t.failedLabel : t.deferredLabel) \(t.action(action.action))"
            if let booking = action.booking { line += " (\(t.bookingWord) \(booking))" }
            if let error = action.error { line += ": \(error.text.text(t.language))" }
            if let note = action.note { line += " – \(note.text(t.language))" }
            add(action.course, line)
            guard action.result == .failed else { continue }
            let inImportFile = action.email.map { handedOver.contains("\(action.course)|\($0.lowercased())") } ?? false
            if !inImportFile {
                let hint = OutputTexts.failureHint(
                    ReportAction.Kind(descriptionKind: action.action.kind), zoomCode: action.error?.code,
                    httpStatus: action.error?.httpStatus)
                add(action.course, "      → \(hint.text(t.language))")
            }
        }
        var importHinted = Set<CourseNumber>()
        for handoff in outcome.handedToImport {
            add(handoff.course, "    \(t.importLabel) \(handoff.email): \(handoff.why.text(t.language))")
            if importHinted.insert(handoff.course).inserted {
                let file =
                    ZoomImportCSV.folder + "/"
                    + ZoomImportCSV.fileName(course: handoff.course, meetingID: handoff.meetingID)
                add(handoff.course, "      → \(OutputTexts.zoomImportSteps(file: file).text(t.language))")
            }
        }
        guard !order.isEmpty else { return "" }
        order.sort { a, b in
            guard let a else { return false }
            guard let b else { return true }
            return a < b
        }
        var all: [String] = []
        for course in order {
            if let course {
                all.append("  " + t.courseHeader(course, title: outcome.courseTitles[course.rawValue]))
            } else {
                all.append("  " + t.withoutCourse)
            }
            all += lines[course] ?? []
        }
        var text = t.attentionHeading + "\n"
        for line in all.prefix(attentionLines) { text += line + "\n" }
        if all.count > attentionLines { text += "  " + t.more(all.count - attentionLines) + "\n" }
        return text
    }

    /// Warnings grouped by code: one line for a single one, one line with the courses for several.
    static func warnings(_ outcome: RunOutcome, _ t: RunTexts) -> String {
        var order: [String] = []
        var groups: [String: [Diagnostic]] = [:]
        for diagnostic in outcome.diagnostics where diagnostic.severity == .warning {
            if groups[diagnostic.code] == nil { order.append(diagnostic.code) }
            groups[diagnostic.code, default: []].append(diagnostic)
        }
        guard !order.isEmpty else { return "" }
        var lines: [String] = []
        for code in order {
            let group = groups[code]!
            let first = group[0]
            let message = t.withoutCoursePrefix(
                first.message.text(t.language), course: first.course,
                title: first.course.flatMap { outcome.courseTitles[$0.rawValue] })
            // The course in front unless the message names it already; the group's other courses after it.
            let place =
                first.course.flatMap { message.contains($0.rawValue) ? nil : t.courseHeader($0, title: nil) + ": " }
                ?? ""
            var line = "  [\(code)] \(place)\(message)"
            if group.count > 1 {
                let others = group.dropFirst().compactMap(\.course).map(\.rawValue)
                line += " (" + t.times(group.count) + (others.isEmpty ? "" : "; " + t.alsoCourses(others)) + ")"
            }
            lines.append(line)
        }
        var text = t.warningsHeading + "\n"
        for line in lines.prefix(warningLines) { text += line + "\n" }
        if lines.count > warningLines { text += "  " + t.more(lines.count - warningLines) + "\n" }
        return text
    }
}

/// What changed (sync) or would change (plan) in Zoom, by kind.
struct ChangeCounts: Equatable {
    var meetingsCreated = 0
    var meetingsChanged = 0
    var meetingsDeleted = 0
    var registered = 0
    var cancelled = 0
    var reapproved = 0
    var handedToImport = 0

    init() {}

    init(_ outcome: RunOutcome) {
        let counted: ActionOutcome.Result = outcome.mode == .plan ? .planned : .applied
        for action in outcome.actions where action.result == counted {
            switch action.action.kind {
            case "createMeeting": meetingsCreated += 1
            case "updateMeeting", "moveOccurrence", "deleteOccurrence": meetingsChanged += 1
            case "deleteMeeting": meetingsDeleted += 1
            case "addRegistrant": registered += 1
            case "addRegistrants": registered += action.action.registrants?.count ?? 1
            case "cancelRegistrant": cancelled += 1
            case "approveRegistrant": reapproved += 1
            default: break
            }
        }
        handedToImport = Set(outcome.handedToImport.map { "\($0.course)|\($0.email.lowercased())" }).count
    }
}
