import Foundation

/// `report.html`: one self-contained page for people (inline CSS, no scripts, no external
/// assets), readable on a phone. The inbox comes first, then the changes per course, then
/// warnings and notes. Every text from the data is HTML-escaped.
///
/// The page is written piece by piece into a `ByteOutput` (a file buffer when the output
/// stage writes it), so a report of half a million actions is never held as one string.
public enum ReportHTML {
    /// Escapes text for element content and double- or single-quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ByteOutput()
        out.appendHTMLEscaped(text)
        return out.text
    }

    public static func render(_ report: ReportDocument) -> String {
        var out = ByteOutput()
        write(report, into: &out)
        return out.text
    }

    /// Writes the page for `report` into `out`. The actions are `rows` when given (a run's
    /// rows, made as they are written), else the document's own.
    static func write(_ report: ReportDocument, rows: ReportRows? = nil, into out: inout ByteOutput) {
        var page = Page(report: report, rows: rows ?? ReportRows(report.actions), out: out)
        out = ByteOutput()  // the page holds the only reference to the buffer now
        page.build()
        out = page.out
    }

    private struct Page {
        let report: ReportDocument
        let rows: ReportRows
        let lang: Language
        let dateFormatter: DateFormatter
        var out: ByteOutput
        /// The last date formatted: deferred actions of a run mostly share one.
        var lastDate: (date: Date, text: String)?

        init(report: ReportDocument, rows: ReportRows, out: ByteOutput) {
            self.report = report
            self.rows = rows
            self.lang = report.language
            self.out = out
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: report.timeZone) ?? TimeZone(identifier: "UTC")!
            formatter.dateFormat = report.language == .de ? "dd.MM.yyyy HH:mm" : "yyyy-MM-dd HH:mm"
            self.dateFormatter = formatter
        }

        /// Every word of the page from the run's catalogue (RunTexts+Report.swift).
        func w(_ word: RunTexts.ReportWord) -> String { RunTexts(language: lang).html(word) }
        func e(_ text: String) -> String { ReportHTML.escape(text) }

        mutating func date(_ date: Date) -> String {
            if let lastDate, lastDate.date == date { return lastDate.text }
            let text = dateFormatter.string(from: date)
            lastDate = (date, text)
            return text
        }

        /// A line of markup whose data parts the caller escaped.
        mutating func line(_ s: String) {
            out.append(s)
            out.append(UInt8(ascii: "\n"))
        }

        /// Markup, as it is.
        mutating func raw(_ s: StaticString) { out.append(s) }
        /// Text from the data (or a translated text), escaped.
        mutating func text(_ s: String) { out.appendHTMLEscaped(s) }
        /// `open`, the escaped text, `close` and a line break.
        mutating func line(_ open: StaticString, _ s: String, _ close: StaticString) {
            out.append(open)
            out.appendHTMLEscaped(s)
            out.append(close)
            out.append(UInt8(ascii: "\n"))
        }

        mutating func build() {
            let title =
                report.mode == .plan
                ? w(.semcoZoomPreviewPlan)
                : w(.semcoZoomSynchronisationReport)
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
        }

        mutating func header(title: String) {
            line("<header>")
            line("<h1>\(e(title))</h1>")
            let outcome = ReportHTML.exitText(report.exitCode).text(lang)
            let outcomeClass =
                report.exitCode == 0 ? "ok" : report.exitCode == 2 ? "info" : report.exitCode == 3 ? "warn" : "bad"
            line(
                "<p class=\"outcome \(outcomeClass)\">\(e(outcome)) <span class=\"muted\">(\(w(.exitCode)) \(report.exitCode))</span></p>"
            )
            line("<dl class=\"meta\">")
            line("<dt>\(w(.run))</dt><dd><code>\(e(report.runID))</code></dd>")
            line("<dt>\(w(.started))</dt><dd>\(e(date(report.startedAt)))</dd>")
            line("<dt>\(w(.finished))</dt><dd>\(e(date(report.finishedAt)))</dd>")
            line("<dt>\(w(.timeZone))</dt><dd>\(e(report.timeZone))</dd>")
            if let moved = report.inputMovedTo {
                line("<dt>\(w(.exportsMovedTo))</dt><dd><code>\(e(moved))</code></dd>")
            }
            line("</dl>")
            if let fatal = report.fatal {
                line("<p class=\"fatal\"><strong>\(w(.runStopped))</strong> \(e(fatal))</p>")
            }
            if let guardInfo = report.massCancel, guardInfo.tripped {
                let verdict =
                    guardInfo.allowed
                    ? w(.acceptedWithAllowMassCancel)
                    : w(.refusedNothingApplied)
                let perCourse = guardInfo.courses.map { "\($0.course): \($0.cancels)/\($0.registrants)" }.joined(
                    separator: ", ")
                line(
                    "<p class=\"fatal\"><strong>\(w(.massCancelGuard))</strong> \(guardInfo.totalCancels) \(w(.cancellations)) \(perCourse.isEmpty ? "" : "(" + e(perCourse) + ")") — \(e(verdict))</p>"
                )
            }
            let c = report.counts
            let attentionCourses = report.inbox.filter { $0.meetingExists == true }.count
            let failedCourses = report.inbox.count - attentionCourses
            var tiles: [(String, Int, String)] = [
                (w(.courses), c.courses, ""),
                (w(.failed), failedCourses, failedCourses > 0 ? "bad" : ""),
                (w(.needAttention), attentionCourses, attentionCourses > 0 ? "warn" : ""),
            ]
            if report.mode == .plan {
                tiles.append((w(.plannedChanges), c.actionsPlanned, ""))
            } else {
                tiles.append((w(.changesDone), c.actionsApplied, ""))
                tiles.append((w(.changesFailed), c.actionsFailed, c.actionsFailed > 0 ? "bad" : ""))
            }
            tiles.append((w(.deferred), c.actionsDeferred, c.actionsDeferred > 0 ? "warn" : ""))
            tiles.append((w(.errors), c.errors, c.errors > 0 ? "bad" : ""))
            tiles.append((w(.warnings), c.warnings, c.warnings > 0 ? "warn" : ""))
            line("<ul class=\"tiles\">")
            for (label, value, cls) in tiles {
                line("<li class=\"\(cls)\"><strong>\(value)</strong><span>\(e(label))</span></li>")
            }
            line("</ul>")
            line("</header>")
        }

        mutating func inbox() {
            line("<section id=\"inbox\">")
            line("<h2>\(w(.inbox))</h2>")
            if report.inbox.isEmpty {
                line("<p class=\"empty ok\">\(w(.noFailedCourses))</p>")
            }
            for entry in report.inbox {
                // Only a course without its meeting failed; one whose meeting exists needs attention.
                let label = entry.meetingExists == true ? w(.needsAttention) : w(.syncFailed)
                raw("<article class=\"inbox-entry\">\n<p class=\"label\">")
                out.append(label)
                line(" · ", entry.course, "</p>")
                line("<p class=\"sentence\">", entry.message, "</p>")
                if let hint = entry.hint, !hint.isEmpty {
                    line("<p class=\"hint\"><strong>\(w(.whatToDo))</strong> \(e(hint))</p>")
                }
                if entry.errors.count > 1 {
                    line("<details><summary>\(w(.everyErrorOfThisCourse)) (\(entry.errors.count))</summary><ul>")
                    for (index, error) in entry.errors.enumerated() {
                        // Each error with its own hint, not only the last one's.
                        let hint = entry.hints.flatMap { index < $0.count ? $0[index] : nil } ?? ""
                        if hint.isEmpty {
                            line("<li>", error, "</li>")
                        } else {
                            line("<li>" + e(error) + " <span class=\"hint\">→ " + e(hint) + "</span></li>")
                        }
                    }
                    line("</ul></details>")
                }
                raw("</article>\n")
            }
            line("</section>")
        }

        mutating func changes() {
            line("<section id=\"changes\">")
            line("<h2>\(w(.changesPerCourse))</h2>")
            // Per course, where its actions are: runs of neighbouring indices (an assembled
            // report lists a course's actions together), so the actions are not copied into a dictionary.
            var byCourse: [String: [Range<Int>]] = [:]
            var runStart = 0
            for index in rows.indices {
                let course = rows.course(at: index)
                guard index + 1 == rows.count || rows.course(at: index + 1) != course else { continue }
                byCourse[course, default: []].append(runStart..<(index + 1))
                runStart = index + 1
            }
            let imports = Dictionary(grouping: report.zoomImportFiles, by: \.course)
            let shown = report.courses.filter { byCourse[$0.number] != nil || imports[$0.number] != nil }
            if shown.isEmpty {
                line("<p class=\"empty\">\(w(.noChanges))</p>")
            }
            for course in shown {
                raw("<article class=\"course ")
                out.append(course.result.rawValue)
                raw("\">\n<h3><span class=\"nr\">")
                text(course.number)
                raw("</span> ")
                text(course.title)
                if let meeting = course.meetingID {
                    raw(" <span class=\"muted\">· Meeting ")
                    out.append(decimal: meeting)
                    raw("</span>")
                }
                raw("</h3>\n<ul class=\"actions\">\n")
                for range in byCourse[course.number] ?? [] {
                    for index in range { actionItem(rows[index]) }
                }
                raw("</ul>\n")
                for file in imports[course.number] ?? [] {
                    line("<div class=\"import\">")
                    line(
                        "<p><strong>\(w(.zoomImport)):</strong> <code>\(e(file.path))</code> (\(file.registrants) \(w(.participants)))</p>"
                    )
                    line("<p>\(e(OutputTexts.zoomImportSteps(file: file.path).text(lang)))</p>")
                    line("</div>")
                }
                raw("</article>\n")
            }
            line("</section>")
        }

        mutating func actionItem(_ action: ReportAction) {
            let done = action.status == .applied
            let status = action.status.rawValue
            raw("<li class=\"")
            out.append(status)
            raw("\">\n<span class=\"badge ")
            out.append(status)
            raw("\">")
            text(OutputTexts.status(action.status).text(lang))
            raw("</span>\n<span class=\"what\">")
            text(OutputTexts.action(action.kind, done: done).text(lang))
            // `: participant, booking`, each only when known.
            var separator: StaticString = ": "
            if let participant = action.participant, !participant.isEmpty {
                raw(separator)
                text(participant)
                separator = ", "
            }
            if let booking = action.booking, !booking.isEmpty {
                raw(separator)
                text(booking)
            }
            raw("</span>\n")
            var details: [String] = []
            if let start = action.occurrenceStart {
                details.append(w(.occurrence) + date(start))
            }
            if let newStart = action.newStartTime {
                details.append(w(.new) + ReportHTML.localStart(newStart, language: lang))
            }
            if let fields = action.changedFields, !fields.isEmpty {
                details.append(w(.fields) + fields.joined(separator: ", "))
            }
            if !details.isEmpty { line("<span class=\"detail\">", details.joined(separator: " · "), "</span>") }
            if !action.reason.isEmpty { line("<span class=\"reason\">", action.reason, "</span>") }
            if let note = action.note { line("<span class=\"reason\">", note, "</span>") }
            if let error = action.error {
                var codes: [String] = []
                // The error text usually names them already; add them only when it does not.
                if let code = action.zoomCode, !error.contains(String(code)) {
                    codes.append(w(.zoomCode) + String(code))
                }
                if let status = action.httpStatus, !error.contains("HTTP \(status)") { codes.append("HTTP \(status)") }
                let suffix = codes.isEmpty ? "" : " (\(codes.joined(separator: ", ")))"
                line("<span class=\"error\">", error + suffix, "</span>")
            }
            if action.status == .deferred {
                let when =
                    action.notBefore.map { w(.notBefore) + date($0) }
                    ?? w(.inTheNextRun)
                line("<span class=\"when\">", w(.willBeDone) + when, "</span>")
            }
            raw("</li>\n")
        }

        mutating func warnings() {
            let hasNotes = report.diagnostics.contains { $0.severity != .error }
            line("<section id=\"warnings\">")
            line("<h2>\(w(.warningsAndNotes))</h2>")
            if !hasNotes {
                line("<p class=\"empty\">\(w(.none))</p>")
            }
            line("<ul class=\"diagnostics\">")
            for d in report.diagnostics where d.severity != .error {
                var subject: [String] = []
                if let course = d.course { subject.append(w(.course) + course) }
                if let booking = d.booking { subject.append(w(.booking) + booking) }
                raw("<li class=\"")
                out.append(d.severity.rawValue)
                raw("\">\n<span class=\"badge ")
                out.append(d.severity.rawValue)
                raw("\">")
                text(OutputTexts.severity(d.severity).text(lang))
                raw("</span>\n")
                if !subject.isEmpty { line("<span class=\"subject\">", subject.joined(separator: ", "), "</span>") }
                line("<span class=\"what\">", d.message, "</span>")
                if let hint = d.hint { line("<span class=\"reason\">", hint, "</span>") }
                var meta = [d.code]
                if let source = d.source {
                    var place = source.file
                    if let l = source.line { place += ":\(l)" }
                    if let path = source.elementPath { place += " \(path)" }
                    meta.append(place)
                }
                line("<span class=\"code\">", meta.joined(separator: " · "), "</span>")
                raw("</li>\n")
            }
            line("</ul>")
            line("</section>")
        }

        mutating func inputFiles() {
            line("<section id=\"inputs\">")
            line("<h2>\(w(.filesRead))</h2>")
            if report.inputFiles.isEmpty { line("<p class=\"empty\">\(w(.none))</p>") }
            line("<ul class=\"files\">")
            for file in report.inputFiles {
                line(
                    "<li><code>\(e(file.path))</code> <span class=\"muted\">\(e(file.kind)), \(e(file.format))</span><br><span class=\"sha\">SHA-256 \(e(file.sha256))</span></li>"
                )
            }
            line("</ul>")
            if !report.files.isEmpty {
                line(
                    "<p class=\"muted\">\(w(.otherFilesOfThisRun)) \(report.files.map { "<code>\(e($0))</code>" }.joined(separator: ", "))</p>"
                )
            }
            line("</section>")
        }
    }

    /// What the exit code means, in words.
    public static func exitText(_ code: Int32) -> LocalizedText {
        switch ExitStatus(rawValue: code) {
        case .ok: return LocalizedText(de: "Erfolgreich: nichts ist fehlgeschlagen.", en: "Done: nothing failed.")
        case .fatal:
            return LocalizedText(
                de: "Abgebrochen: es wurde nichts (mehr) übertragen.", en: "Stopped: nothing (more) was applied.")
        case .changesPending:
            return LocalizedText(
                de: "Vorschau: es gibt Änderungen zu übertragen.", en: "Preview: there are changes to apply.")
        case .partial:
            return LocalizedText(
                de: "Fertig, aber Kurse oder Buchungen sind fehlgeschlagen oder zurückgestellt.",
                en: "Done, but some courses or bookings failed or were deferred.")
        case .massCancelRefused:
            return LocalizedText(
                de: "Abgelehnt: zu viele Abmeldungen auf einmal (Schutz vor Massenstorno); nichts übertragen.",
                en: "Refused by the mass-cancel guard; nothing applied.")
        case .locked:
            return LocalizedText(
                de: "Ein anderer Lauf ist aktiv; nichts angefasst.", en: "Another run holds the lock; nothing touched.")
        case nil: return LocalizedText(de: "Beendet.", en: "Finished.")
        }
    }

    /// `2027-04-12T18:00:00` → `12.04.2027 18:00` (de) or `2027-04-12 18:00` (en).
    static func localStart(_ value: String, language: Language) -> String {
        let parts = value.split(separator: "T")
        guard parts.count == 2 else { return value }
        let day = parts[0].split(separator: "-")
        let time = String(parts[1].prefix(5))
        guard day.count == 3 else { return value }
        return language == .de ? "\(day[2]).\(day[1]).\(day[0]) \(time)" : "\(parts[0]) \(time)"
    }

    static let css = """
        :root{--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--bg:#f6f7f9;--ok:#1b7f3b;--warn:#9a5b00;--bad:#b3261e;--info:#1f5fa8}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
        main{max-width:60rem;margin:0 auto;padding:1rem}
        h1{font-size:1.4rem;margin:.2rem 0 .5rem}
        h2{font-size:1.15rem;margin:1.6rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--line)}
        h3{font-size:1rem;margin:0 0 .5rem}
        code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
        .muted{color:var(--muted);font-weight:normal}
        .outcome{font-weight:600;margin:.2rem 0 .6rem}
        .outcome.ok{color:var(--ok)}.outcome.warn{color:var(--warn)}.outcome.bad{color:var(--bad)}.outcome.info{color:var(--info)}
        .meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:0 0 .8rem;font-size:.9rem}
        .meta dt{color:var(--muted)}.meta dd{margin:0}
        .tiles{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(7.5rem,1fr));gap:.5rem}
        .tiles li{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.5rem .6rem}
        .tiles strong{display:block;font-size:1.3rem}
        .tiles span{font-size:.8rem;color:var(--muted)}
        .tiles li.bad strong{color:var(--bad)}.tiles li.warn strong{color:var(--warn)}
        .empty{color:var(--muted)}.empty.ok{color:var(--ok)}
        article{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.8rem;margin:0 0 .7rem}
        .inbox-entry{border-left:.35rem solid var(--bad)}
        .inbox-entry .label{margin:0 0 .3rem;font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;color:var(--bad)}
        .inbox-entry .sentence{margin:0 0 .5rem}
        .fatal{margin:.4rem 0 .8rem;padding:.6rem .7rem;background:#fbe7e6;border-left:.35rem solid var(--bad);border-radius:.35rem}
        .hint{margin:0;padding:.5rem .6rem;background:#fff8e6;border-radius:.35rem}
        details{margin-top:.5rem;font-size:.9rem}
        .course.failed{border-left:.35rem solid var(--bad)}.course.deferred{border-left:.35rem solid var(--warn)}.course.ok{border-left:.35rem solid var(--ok)}
        .nr{font-family:ui-monospace,Menlo,Consolas,monospace}
        ul.actions,ul.diagnostics,ul.files{list-style:none;padding:0;margin:0}
        ul.actions li,ul.diagnostics li{padding:.45rem 0;border-top:1px solid var(--line);display:flex;flex-wrap:wrap;gap:.15rem .5rem;align-items:baseline}
        ul.actions li:first-child{border-top:0}
        ul.diagnostics li{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.5rem .7rem;margin-bottom:.4rem}
        .what{font-weight:600}
        .detail,.reason,.when,.error,.code{flex-basis:100%;font-size:.9rem}
        .reason,.code{color:var(--muted)}.error{color:var(--bad)}.when{color:var(--warn)}
        .subject{font-size:.9rem;color:var(--muted)}
        .badge{display:inline-block;font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;padding:.1rem .45rem;border-radius:1rem;background:#e8ebf0;color:var(--muted)}
        .badge.applied{background:#e3f3e8;color:var(--ok)}.badge.failed,.badge.error{background:#fbe7e6;color:var(--bad)}
        .badge.deferred,.badge.warning{background:#fdf0d9;color:var(--warn)}.badge.planned,.badge.info{background:#e4eefa;color:var(--info)}.badge.skipped{background:#eceef2;color:var(--muted)}
        .import{margin-top:.6rem;padding:.5rem .6rem;background:#eef4fb;border-radius:.35rem;font-size:.92rem}
        .import p{margin:.2rem 0}
        ul.files li{margin-bottom:.5rem}
        .sha{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.75rem;color:var(--muted)}
        @media (min-width:40rem){main{padding:1.5rem 2rem}h1{font-size:1.7rem}}
        """
}

extension ByteOutput {
    /// Appends text escaped for element content and quoted attribute values (`ReportHTML.escape`).
    mutating func appendHTMLEscaped(_ text: String) {
        append(
            text,
            escaping: { byte in
                byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                    || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
            }
        ) { out, byte in
            switch byte {
            case UInt8(ascii: "&"): out.append("&amp;")
            case UInt8(ascii: "<"): out.append("&lt;")
            case UInt8(ascii: ">"): out.append("&gt;")
            case UInt8(ascii: "\""): out.append("&quot;")
            default: out.append("&#39;")
            }
        }
    }
}
