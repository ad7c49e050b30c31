import Foundation

/// What `status` shows of the last run: its result, the courses that need attention (the
/// report's inbox) and the work it deferred, read from the newest `report.json` in the runs folder.
public struct LastRunSummary: Sendable, Codable, Equatable {
    public struct Deferred: Sendable, Codable, Equatable {
        public var course: String
        public var changes: Int
        public var reason: String
    }

    public var runID: String
    /// The language the report's texts are in.
    public var language: Language
    public var mode: ReportDocument.Mode
    public var finishedAt: Date
    public var exitCode: Int32
    public var report: String
    public var fatal: String?
    public var inbox: [ReportInboxEntry]
    public var deferred: [Deferred]

    public init(report document: ReportDocument, file: URL) {
        runID = document.runID
        language = document.language
        mode = document.mode
        finishedAt = document.finishedAt
        exitCode = document.exitCode
        report = file.path
        fatal = document.fatal
        inbox = document.inbox
        var order: [String] = []
        var byCourse: [String: Deferred] = [:]
        for action in document.actions where action.status == .deferred {
            if byCourse[action.course] == nil {
                order.append(action.course)
                byCourse[action.course] = Deferred(
                    course: action.course, changes: 0, reason: action.error ?? action.reason)
            }
            byCourse[action.course]!.changes += 1
        }
        deferred = order.map { byCourse[$0]! }
    }

    /// The newest run folder under `runs` (run ids sort by time) whose `report.json` can be read;
    /// nil when there is none. A report that cannot be read is skipped, not fatal: `status` shows the state.
    public static func newest(in runs: URL) -> LastRunSummary? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: runs.path) else { return nil }
        for name in names.sorted(by: >) {
            let file = runs.appendingPathComponent(name).appendingPathComponent(OutputWriter.reportJSON)
            guard let data = try? Data(contentsOf: file),
                let document = try? ReportDocument.makeDecoder().decode(ReportDocument.self, from: data)
            else { continue }
            return LastRunSummary(
                report: document, file: file.deletingLastPathComponent().appendingPathComponent(OutputWriter.reportHTML)
            )
        }
        return nil
    }

    public func text(_ texts: RunTexts, format: (Date) -> String) -> String {
        var out =
            "\n"
            + texts.statusLastRun(runID: runID, mode: mode.rawValue, finished: format(finishedAt), exitCode: exitCode)
            + "\n"
        // The report's own texts only in the language asked for: one language at a time.
        let sameLanguage = language == texts.language
        if let fatal, sameLanguage { out += "  \(fatal)\n" }
        if !inbox.isEmpty {
            out += "  " + texts.attentionHeading + "\n"
            for entry in inbox {
                out +=
                    "    " + texts.courseHeader(CourseNumber(entry.course), title: entry.title) + ": "
                    + texts.count(entry.errors.count, .error) + "\n"
                guard sameLanguage else { continue }
                for error in entry.errors {
                    out +=
                        "      - "
                        + texts.withoutCoursePrefix(error, course: CourseNumber(entry.course), title: entry.title)
                        + "\n"
                }
            }
        }
        if !deferred.isEmpty {
            out += "  " + texts.statusDeferredHeading + "\n"
            for work in deferred {
                out +=
                    "    " + texts.courseHeader(CourseNumber(work.course), title: nil) + ": "
                    + texts.count(work.changes, .change)
                    + (sameLanguage ? " – \(work.reason)" : "") + "\n"
            }
        }
        out += "  " + texts.report(report) + "\n"
        return out
    }
}
