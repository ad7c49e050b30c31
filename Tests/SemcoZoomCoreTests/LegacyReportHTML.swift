import Foundation

@testable import SemcoZoomCore

// The renderer of report.html as it was before it wrote into a ByteOutput (one String built
// whole, kept unchanged): the reference ReportStreamingTests compares the streamed page with,
// byte for byte. Texts, CSS and helpers it shares with ReportHTML come from ReportHTML.

/// The old `report.html`: one self-contained page for people (inline CSS, no scripts, no external
/// assets), readable on a phone. The inbox comes first, then the changes per course, then
/// warnings and notes. Every text from the data is HTML-escaped.
enum LegacyReportHTML {
    /// Escapes text for element content and double- or single-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func render(_ report: ReportDocument) -> String {
        var page = Page(report: report)
        return page.build()
    }

    private struct Page {
        let report: ReportDocument
        let lang: Language
        let dateFormatter: DateFormatter
        var html = ""

        init(report: ReportDocument) {
            self.report = report
            self.lang = report.language
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: report.timeZone) ?? TimeZone(identifier: "UTC")!
            formatter.dateFormat = report.language == .de ? "dd.MM.yyyy HH:mm" : "yyyy-MM-dd HH:mm"
            self.dateFormatter = formatter
        }

        func t(_ de: String, _ en: String) -> String { lang == .de ? de : en }
        func e(_ text: String) -> String { LegacyReportHTML.escape(text) }
        func date(_ date: Date) -> String { dateFormatter.string(from: date) }

        mutating func line(_ s: String) { html += s + "\n" }

        mutating func build() -> String {
            let title =
                report.mode == .plan
                ? t("semco-zoom: Vorschau (plan)", "semco-zoom: preview (plan)")
                : t("semco-zoom: Bericht der Synchronisation", "semco-zoom: synchronisation report")
            line("<!DOCTYPE html>")
            line("<html lang=\"\(lang.rawValue)\">")
            line("<head>")
            line("<meta charset=\"utf-8\">")
            line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            line("<title>\(e(title)) \(e(report.runID))</title>")
            line("<style>\(ReportHTML.css)</style>")
            line("</head>")
            line("<body>")
            line("<main>")
            header(title: title)
            inbox()
            changes()
            warnings()
            inputFiles()
            line("</main>")
            line("</body>")
            line("</html>")
            return html
        }

        mutating func header(title: String) {
            line("<header>")
            line("<h1>\(e(title))</h1>")
            let outcome = ReportHTML.exitText(report.exitCode).text(lang)
            let outcomeClass =
                report.exitCode == 0 ? "ok" : report.exitCode == 2 ? "info" : report.exitCode == 3 ? "warn" : "bad"
            line(
                "<p class=\"outcome \(outcomeClass)\">\(e(outcome)) <span class=\"muted\">(\(t("Exit-Code", "exit code")) \(report.exitCode))</span></p>"
            )
            line("<dl class=\"meta\">")
            line("<dt>\(t("Lauf", "Run"))</dt><dd><code>\(e(report.runID))</code></dd>")
            line("<dt>\(t("Beginn", "Started"))</dt><dd>\(e(date(report.startedAt)))</dd>")
            line("<dt>\(t("Ende", "Finished"))</dt><dd>\(e(date(report.finishedAt)))</dd>")
            line("<dt>\(t("Zeitzone", "Time zone"))</dt><dd>\(e(report.timeZone))</dd>")
            if let moved = report.inputMovedTo {
                line("<dt>\(t("Exporte verschoben nach", "Exports moved to"))</dt><dd><code>\(e(moved))</code></dd>")
            }
            line("</dl>")
            if let fatal = report.fatal {
                line("<p class=\"fatal\"><strong>\(t("Lauf abgebrochen:", "Run stopped:"))</strong> \(e(fatal))</p>")
            }
            if let guardInfo = report.massCancel, guardInfo.tripped {
                let verdict =
                    guardInfo.allowed
                    ? t("mit --allow-mass-cancel zugelassen", "accepted with --allow-mass-cancel")
                    : t(
                        "abgelehnt; nichts übertragen. Export prüfen; wenn er stimmt, mit --allow-mass-cancel erneut starten.",
                        "refused; nothing applied. Check the export; if it is right, run again with --allow-mass-cancel."
                    )
                let perCourse = guardInfo.courses.map { "\($0.course): \($0.cancels)/\($0.registrants)" }.joined(
                    separator: ", ")
                line(
                    "<p class=\"fatal\"><strong>\(t("Schutz vor Massenstorno:", "Mass-cancel guard:"))</strong> \(guardInfo.totalCancels) \(t("Abmeldungen", "cancellations")) \(perCourse.isEmpty ? "" : "(" + e(perCourse) + ")") — \(e(verdict))</p>"
                )
            }
            let c = report.counts
            let attentionCourses = report.inbox.filter { $0.meetingExists == true }.count
            let failedCourses = report.inbox.count - attentionCourses
            var tiles: [(String, Int, String)] = [
                (t("Kurse", "Courses"), c.courses, ""),
                (t("fehlgeschlagen", "failed"), failedCourses, failedCourses > 0 ? "bad" : ""),
                (t("brauchen Aufmerksamkeit", "need attention"), attentionCourses, attentionCourses > 0 ? "warn" : ""),
            ]
            if report.mode == .plan {
                tiles.append((t("geplante Änderungen", "planned changes"), c.actionsPlanned, ""))
            } else {
                tiles.append((t("Änderungen erledigt", "changes done"), c.actionsApplied, ""))
                tiles.append(
                    (
                        t("Änderungen fehlgeschlagen", "changes failed"), c.actionsFailed,
                        c.actionsFailed > 0 ? "bad" : ""
                    ))
            }
            tiles.append((t("zurückgestellt", "deferred"), c.actionsDeferred, c.actionsDeferred > 0 ? "warn" : ""))
            tiles.append((t("Fehler", "errors"), c.errors, c.errors > 0 ? "bad" : ""))
            tiles.append((t("Warnungen", "warnings"), c.warnings, c.warnings > 0 ? "warn" : ""))
            line("<ul class=\"tiles\">")
            for (label, value, cls) in tiles {
                line("<li class=\"\(cls)\"><strong>\(value)</strong><span>\(e(label))</span></li>")
            }
            line("</ul>")
            line("</header>")
        }

        mutating func inbox() {
            line("<section id=\"inbox\">")
            line("<h2>\(t("Posteingang", "Inbox"))</h2>")
            if report.inbox.isEmpty {
                line("<p class=\"empty ok\">\(t("Keine fehlgeschlagenen Kurse.", "No failed courses."))</p>")
            }
            for entry in report.inbox {
                line("<article class=\"inbox-entry\">")
                let label =
                    entry.meetingExists == true
                    ? t("Braucht Aufmerksamkeit", "Needs attention") : t("Sync. fehlgeschlagen", "Sync failed")
                line("<p class=\"label\">\(label) · \(e(entry.course))</p>")
                line("<p class=\"sentence\">\(e(entry.message))</p>")
                if let hint = entry.hint, !hint.isEmpty {
                    line("<p class=\"hint\"><strong>\(t("Was ist zu tun:", "What to do:"))</strong> \(e(hint))</p>")
                }
                if entry.errors.count > 1 {
                    line(
                        "<details><summary>\(t("Alle Fehler dieses Kurses", "Every error of this course")) (\(entry.errors.count))</summary><ul>"
                    )
                    for (index, error) in entry.errors.enumerated() {
                        let hint = entry.hints.flatMap { index < $0.count ? $0[index] : nil } ?? ""
                        line(
                            hint.isEmpty
                                ? "<li>\(e(error))</li>"
                                : "<li>\(e(error)) <span class=\"hint\">→ \(e(hint))</span></li>")
                    }
                    line("</ul></details>")
                }
                line("</article>")
            }
            line("</section>")
        }

        mutating func changes() {
            line("<section id=\"changes\">")
            line("<h2>\(t("Änderungen je Kurs", "Changes per course"))</h2>")
            let byCourse = Dictionary(grouping: report.actions, by: \.course)
            let imports = Dictionary(grouping: report.zoomImportFiles, by: \.course)
            let shown = report.courses.filter { byCourse[$0.number] != nil || imports[$0.number] != nil }
            if shown.isEmpty {
                line("<p class=\"empty\">\(t("Keine Änderungen.", "No changes."))</p>")
            }
            for course in shown {
                line("<article class=\"course \(course.result.rawValue)\">")
                var heading = "<span class=\"nr\">\(e(course.number))</span> \(e(course.title))"
                if let meeting = course.meetingID {
                    heading += " <span class=\"muted\">· Meeting \(meeting)</span>"
                }
                line("<h3>\(heading)</h3>")
                line("<ul class=\"actions\">")
                for action in byCourse[course.number] ?? [] { actionItem(action) }
                line("</ul>")
                for file in imports[course.number] ?? [] {
                    line("<div class=\"import\">")
                    line(
                        "<p><strong>\(t("Zoom-Import", "Zoom import")):</strong> <code>\(e(file.path))</code> (\(file.registrants) \(t("Teilnehmer", "participants")))</p>"
                    )
                    line("<p>\(e(OutputTexts.zoomImportSteps(file: file.path).text(lang)))</p>")
                    line("</div>")
                }
                line("</article>")
            }
            line("</section>")
        }

        mutating func actionItem(_ action: ReportAction) {
            let done = action.status == .applied
            var what = OutputTexts.action(action.kind, done: done).text(lang)
            let who = [action.participant, action.booking].compactMap { $0 }.filter { !$0.isEmpty }
            if !who.isEmpty { what += ": " + who.joined(separator: ", ") }
            var details: [String] = []
            if let start = action.occurrenceStart {
                details.append(t("Termin ", "occurrence ") + date(start))
            }
            if let newStart = action.newStartTime {
                details.append(t("neu: ", "new: ") + ReportHTML.localStart(newStart, language: lang))
            }
            if let fields = action.changedFields, !fields.isEmpty {
                details.append(t("Felder: ", "fields: ") + fields.joined(separator: ", "))
            }
            line("<li class=\"\(action.status.rawValue)\">")
            line(
                "<span class=\"badge \(action.status.rawValue)\">\(e(OutputTexts.status(action.status).text(lang)))</span>"
            )
            line("<span class=\"what\">\(e(what))</span>")
            if !details.isEmpty { line("<span class=\"detail\">\(e(details.joined(separator: " · ")))</span>") }
            if !action.reason.isEmpty { line("<span class=\"reason\">\(e(action.reason))</span>") }
            if let note = action.note { line("<span class=\"reason\">\(e(note))</span>") }
            if let error = action.error {
                var codes: [String] = []
                // The error text usually names them already; add them only when it does not.
                if let code = action.zoomCode, !error.contains(String(code)) {
                    codes.append(t("Zoom-Code ", "Zoom code ") + String(code))
                }
                if let status = action.httpStatus, !error.contains("HTTP \(status)") { codes.append("HTTP \(status)") }
                let suffix = codes.isEmpty ? "" : " (\(codes.joined(separator: ", ")))"
                line("<span class=\"error\">\(e(error + suffix))</span>")
            }
            if action.status == .deferred {
                let when =
                    action.notBefore.map { t("frühestens ab ", "not before ") + date($0) }
                    ?? t("beim nächsten Lauf", "in the next run")
                line("<span class=\"when\">\(e(t("Wird nachgeholt ", "Will be done ") + when))</span>")
            }
            line("</li>")
        }

        mutating func warnings() {
            let notes = report.diagnostics.filter { $0.severity != .error }
            line("<section id=\"warnings\">")
            line("<h2>\(t("Warnungen und Hinweise", "Warnings and notes"))</h2>")
            if notes.isEmpty {
                line("<p class=\"empty\">\(t("Keine.", "None."))</p>")
            }
            line("<ul class=\"diagnostics\">")
            for d in notes {
                var subject: [String] = []
                if let course = d.course { subject.append(t("Kurs ", "Course ") + course) }
                if let booking = d.booking { subject.append(t("Buchung ", "booking ") + booking) }
                line("<li class=\"\(d.severity.rawValue)\">")
                line(
                    "<span class=\"badge \(d.severity.rawValue)\">\(e(OutputTexts.severity(d.severity).text(lang)))</span>"
                )
                if !subject.isEmpty { line("<span class=\"subject\">\(e(subject.joined(separator: ", ")))</span>") }
                line("<span class=\"what\">\(e(d.message))</span>")
                if let hint = d.hint { line("<span class=\"reason\">\(e(hint))</span>") }
                var meta = [d.code]
                if let source = d.source {
                    var place = source.file
                    if let l = source.line { place += ":\(l)" }
                    if let path = source.elementPath { place += " \(path)" }
                    meta.append(place)
                }
                line("<span class=\"code\">\(e(meta.joined(separator: " · ")))</span>")
                line("</li>")
            }
            line("</ul>")
            line("</section>")
        }

        mutating func inputFiles() {
            line("<section id=\"inputs\">")
            line("<h2>\(t("Gelesene Dateien", "Files read"))</h2>")
            if report.inputFiles.isEmpty { line("<p class=\"empty\">\(t("Keine.", "None."))</p>") }
            line("<ul class=\"files\">")
            for file in report.inputFiles {
                line(
                    "<li><code>\(e(file.path))</code> <span class=\"muted\">\(e(file.kind)), \(e(file.format))</span><br><span class=\"sha\">SHA-256 \(e(file.sha256))</span></li>"
                )
            }
            line("</ul>")
            if !report.files.isEmpty {
                line(
                    "<p class=\"muted\">\(t("Weitere Dateien dieses Laufs:", "Other files of this run:")) \(report.files.map { "<code>\(e($0))</code>" }.joined(separator: ", "))</p>"
                )
            }
            line("</section>")
        }
    }
}
